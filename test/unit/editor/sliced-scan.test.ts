import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { arrayLineSource, scanInSlices } from '../../../src/core/editor/sliced-scan';
import { detect } from '../../../src/core/detect';

const JAVA_TRACE = [
  '2026-11-20 10:00:00 ERROR c.e.Client - call failed',
  'java.net.SocketException: Connection reset',
  '\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)',
  '\tat java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:355)',
  '\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:976)',
];
const GO = 'Post "http://10.0.0.9:9000/x": read tcp 10.0.0.5:5555->10.0.0.9:9000: read: connection reset by peer';

/** 1000 lines with traces placed across the 100-line slice boundaries the test forces. */
function sampleLog(): string[] {
  const lines: string[] = [];
  for (let i = 0; lines.length < 1000; i++) {
    if (lines.length % 100 === 97) lines.push(...JAVA_TRACE);
    else if (i % 37 === 0) lines.push(`2026-11-20T10:00:${String(i % 60).padStart(2, '0')}Z ERROR ${GO}`);
    else lines.push(`2026-11-20T10:00:00Z INFO request ${i} done in ${i % 13} ms`);
  }
  return lines;
}

describe('scanInSlices', () => {
  it('finds exactly what detect finds on the whole text, traces across slice boundaries included', async () => {
    const lines = sampleLog();
    let t = 0;
    let yields = 0;
    // A clock where every chunk looks slow ends each slice after one chunk (100 lines): many boundaries.
    const result = await scanInSlices(arrayLineSource(lines), { chunkLines: 100, now: () => (t += 1000), yieldToLoop: () => {
      yields++;
      return Promise.resolve();
    } });
    const whole = detect(lines.join('\n'));
    const key = (f: { line: number; column: number; endLine: number; signature: string }): string => `${f.line}:${f.column}:${f.endLine}:${f.signature}`;
    assert.ok(whole.some((f) => f.endLine > f.line && Math.floor((f.line - 1) / 100) !== Math.floor((f.endLine - 1) / 100)), 'a trace straddles a boundary');
    assert.deepEqual(result.findings.map(key).sort(), whole.map(key).sort());
    assert.ok(result.slices >= 10, `${result.slices} slices`);
    assert.equal(yields, result.slices - 1);
    assert.equal(result.lines, lines.length);
    assert.equal(result.cancelled, false);
  });

  it('delivers findings slice by slice and stops when cancelled', async () => {
    const lines = sampleLog();
    let slices = 0;
    let delivered = 0;
    const result = await scanInSlices(arrayLineSource(lines), {
      chunkLines: 100,
      sliceBudgetMs: 0,
      onFindings: (f) => (delivered += f.length),
      isCancelled: () => ++slices > 3,
    });
    assert.equal(result.cancelled, true);
    assert.ok(result.lines < lines.length);
    assert.equal(delivered, result.findings.length);
    assert.ok(result.firstFindingsMs !== null);
  });

  it('handles a source whose last line has no line break, and an empty source', async () => {
    const src = { lineCount: 2, text: (a: number, b: number) => ['INFO ok\n', GO].slice(a, b).join('') };
    const result = await scanInSlices(src);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0]?.line, 2);
    assert.equal((await scanInSlices(arrayLineSource([]))).findings.length, 0);
  });
});

describe('scanInSlices from a start line', () => {
  it('finds what a full scan finds below that line, with document line numbers', async () => {
    const lines = sampleLog();
    const full = await scanInSlices(arrayLineSource(lines));
    const from = 500;
    const part = await scanInSlices(arrayLineSource(lines), { startLine: from });
    assert.deepEqual(part.findings.map((f) => f.line), full.findings.filter((f) => f.line > from).map((f) => f.line));
    assert.equal(part.lines, lines.length);
  });
});
