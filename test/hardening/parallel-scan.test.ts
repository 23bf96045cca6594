// `scan` of a large file on two threads must print exactly what one thread prints: the same
// findings in the same order, the same totals. The split lands wherever the middle of the file
// is; these files put traces, a trace-only stretch and a flood of findings there on purpose.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusTexts } from '../fixtures/corpus';
import { prng } from './hostile';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
/** Above the CLI's threshold for the two-thread scan (16 MiB). */
const SIZE = 18 << 20;

const NODE_TRACE = ['Error: read ECONNRESET', '    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {', '  errno: -104,', "  code: 'ECONNRESET',", "  syscall: 'read'", '}'];
const JAVA_TRACE = ['java.net.SocketException: Connection reset', '\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)', '\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:966)', 'Caused by: java.io.EOFException', '\t... 12 more'];

/** Writes a file of about SIZE bytes: `line(i, offset)` gives each piece of text. */
function write(path: string, piece: (r: () => number, offset: number) => string): void {
  const r = prng(7);
  const fd = openSync(path, 'w');
  let offset = 0;
  let batch = '';
  while (offset < SIZE) {
    const p = `${piece(r, offset)}\n`;
    batch += p;
    offset += Buffer.byteLength(p);
    if (batch.length > 1 << 16) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
}

function scan(file: string, threads: 1 | 2): { findings: unknown[]; files: number; bytes: number; stderr: string } {
  const env = { ...process.env, CONNECTION_DOCTOR_SCAN_DEBUG: '1', CONNECTION_DOCTOR_SCAN_THREADS: String(threads) };
  const r = spawnSync(process.execPath, [CLI, 'scan', '--json', file], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: unknown[]; files: number; bytes: number };
  return { ...out, stderr: r.stderr };
}

function same(file: string): string {
  const one = scan(file, 1);
  const two = scan(file, 2);
  assert.doesNotMatch(one.stderr, /two threads/);
  assert.match(two.stderr, /two threads/, 'the large file took the two-thread path');
  assert.equal(two.findings.length, one.findings.length);
  assert.deepEqual(two.findings, one.findings);
  assert.equal(two.bytes, one.bytes);
  assert.ok(one.findings.length > 0);
  return two.stderr;
}

describe('scan on two threads', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-parallel-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what one thread finds in a mixed log, traces around the middle included', () => {
    const all = corpusTexts();
    const file = join(dir, 'mixed.log');
    // Dense traces in the middle megabyte, so that the split falls into or next to one.
    write(file, (r, offset) => {
      const nearMiddle = Math.abs(offset - SIZE / 2) < 1 << 20;
      if (nearMiddle && r() < 0.5) return (r() < 0.5 ? NODE_TRACE : JAVA_TRACE).join('\n');
      if (r() < 0.01) return all[Math.floor(r() * all.length)]!;
      return `2026-11-21T10:00:00Z INFO request ${Math.floor(r() * 1e6)} done`;
    });
    assert.match(same(file), /joined at line \d+/);
  });

  it('goes on alone when a trace is open at every line of the overlap', () => {
    const file = join(dir, 'traces.log');
    // From just before the middle, 2 MiB of back-to-back traces: no line where both threads are clear.
    write(file, (r, offset) => (offset > SIZE / 2 - 4096 && offset < SIZE / 2 + (2 << 20) ? NODE_TRACE.join('\n') : r() < 0.001 ? JAVA_TRACE.join('\n') : 'INFO ok'));
    assert.match(same(file), /no join \(a trace open at every line/);
  });

  it('goes on alone when the second half has more findings than the worker holds', () => {
    const file = join(dir, 'flood.log');
    write(file, (r) => (r() < 0.5 ? 'curl: (52) Empty reply from server' : `2024/05/01 10:00:01 Get "http://10.0.0.${Math.floor(r() * 9)}:8080/a": read tcp 10.0.0.9:5000->10.0.0.7:8080: read: connection reset by peer`));
    assert.match(same(file), /no join \(too many findings/);
  });
});
