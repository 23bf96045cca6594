import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { detect, scanStream, StreamDetector } from '../../../src/core/detect';
import type { Finding } from '../../../src/core/types';
import { corpusTexts } from '../../fixtures/corpus';

const LOG = [
  '2024-05-01T10:00:00Z INFO start',
  '2024-05-01T10:00:01Z Get "http://10.0.0.7:8080/a": read tcp 10.0.0.9:5000->10.0.0.7:8080: read: connection reset by peer',
  'Error: read ECONNRESET',
  '    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {',
  "  errno: -104,",
  "  code: 'ECONNRESET',",
  "  syscall: 'read'",
  '}',
  'INFO ok',
  'curl: (52) Empty reply from server',
].join('\n') + '\n';

const key = (f: Finding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.class} ${f.signature} ${f.errno}`;

function streamed(chunks: string[]): Finding[] {
  const d = new StreamDetector();
  const out: Finding[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out;
}

const from = (chunks: (Buffer | string)[]): AsyncIterable<Buffer | string> => Readable.from(chunks, { objectMode: true }) as AsyncIterable<Buffer | string>;

async function scanAll(chunks: (Buffer | string)[], opts = {}) {
  const found: Finding[] = [];
  const result = await scanStream(from(chunks), (f) => found.push(f), opts);
  return { found, result };
}

describe('StreamDetector', () => {
  const expected = detect(LOG).map(key);

  it('finds the same as detect() whatever the chunk boundaries', () => {
    assert.equal(expected.length, 3);
    for (const size of [1, 2, 3, 7, 13, 64, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < LOG.length; i += size) chunks.push(LOG.slice(i, i + size));
      assert.deepEqual(streamed(chunks).map(key), expected, `chunk size ${size}`);
    }
  });

  it('handles CRLF and ANSI colours split across chunks', () => {
    const crlf = LOG.replace(/\n/g, '\r\n').replace('curl:', '\x1b[31mcurl:\x1b[0m');
    const found = streamed([crlf.slice(0, 50), crlf.slice(50, 333), crlf.slice(333)]);
    assert.deepEqual(found.map((f) => f.class), ['reset', 'reset', 'eof_closed']);
    assert.equal(found[2]!.text, 'curl: (52) Empty reply from server');
  });

  it('holds a trace open across pushes until the next line shows it ended', () => {
    const d = new StreamDetector();
    assert.deepEqual(d.push('Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/x:1:1) {\n'), []);
    assert.deepEqual(d.push("  code: 'ECONNRESET'\n}\n"), []);
    const done = d.push('INFO next\n');
    assert.equal(done.length, 1);
    assert.equal(done[0]!.endLine, 4);
  });

  it('flush() reports an open trace when output goes quiet, and keeps counting lines', () => {
    const d = new StreamDetector();
    assert.deepEqual(d.push('curl: (56) Recv failure: Connection reset by peer\n'), []);
    const now = d.flush();
    assert.deepEqual(now.map((f) => [f.line, f.class]), [[1, 'reset']]);
    assert.deepEqual(d.flush(), []);
    const later = [...d.push('x\nError: connect ECONNREFUSED 127.0.0.1:9\n'), ...d.end()];
    assert.deepEqual(later.map((f) => [f.line, f.class]), [[3, 'refused']]);
  });
});

describe('scanStream', () => {
  const expected = detect(LOG).map(key);

  it('splits bytes anywhere, even inside a multi-byte character', async () => {
    const text = 'ü€ 2024-01-01T00:00:00Z curl: (56) Recv failure: Die Verbindung wurde vom Kommunikationspartner zurückgesetzt\n' + LOG;
    const bytes = Buffer.from(text, 'utf8');
    const want = detect(text).map(key);
    for (const size of [1, 5, 17, 4096]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const { found, result } = await scanAll(chunks, { sniffBytes: 64 });
      assert.deepEqual(found.map(key), want, `chunk size ${size}`);
      assert.equal(result.bytes, bytes.length);
      assert.equal(result.lines, text.split('\n').length - 1);
    }
  });

  it('reads UTF-8 with BOM, UTF-16LE and UTF-16BE by their BOM', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOG, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const [name, buf] of [['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOG)])], ['utf-16le', le], ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), be])]] as const) {
      const chunks = [buf.subarray(0, 11), buf.subarray(11, 301), buf.subarray(301)];
      const { found, result } = await scanAll(chunks, { sniffBytes: 16 });
      assert.deepEqual(found.map(key), expected, name);
      assert.equal(result.encoding, name === 'utf-8' ? 'utf-8' : name);
    }
  });

  it('skips binary content with a reason and reports no findings', async () => {
    const bin = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]), Buffer.from('curl: (56) Recv failure: Connection reset by peer\n')]);
    const { found, result } = await scanAll([bin]);
    assert.deepEqual(found, []);
    assert.match(result.skipped ?? '', /binary/);
  });

  it('cuts an endless line into pieces and still finds errors in it', async () => {
    const filler = 'x'.repeat(300_000);
    const text = `${filler} curl: (56) Recv failure: Connection reset by peer ${filler} ${filler}\nnext: connect ECONNREFUSED 127.0.0.1:1\n`;
    const { found } = await scanAll([text], { maxLineBytes: 100_000 });
    assert.deepEqual(found.map((f) => [f.line, f.class]), [[1, 'reset'], [2, 'refused']]);
    assert.equal(found[0]!.column, filler.length + 2);
  });

  it('counts lines without a final newline', async () => {
    const { result } = await scanAll(['a\nb\nc']);
    assert.equal(result.lines, 3);
  });
});

describe('scanStream over large inputs', () => {
  it('finds what detect() finds in a multi-megabyte log, whatever the read size', async () => {
    // Every labelled excerpt of the corpus, separated by ordinary lines, several times over: large
    // enough that each chunk is searched in four interleaved parts.
    const excerpts = corpusTexts();
    const filler = Array.from({ length: 20 }, (_, i) => `2024-05-01T10:00:${String(i).padStart(2, '0')}Z INFO request ${i} done in ${i * 7} ms`).join('\n');
    const text = Array.from({ length: 4 }, () => excerpts.map((e) => `${e}\n${filler}`).join('\n')).join('\n');
    assert.ok(text.length > 1_000_000, `${text.length} chars`);
    const expected = detect(text).map(key);
    assert.ok(expected.length > 1000);
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1 << 20, 65_537, 4_000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const got: Finding[] = [];
      const result = await scanStream(from(chunks), (f) => got.push(f));
      assert.equal(result.lines, text.split('\n').length, `lines, reads of ${size}`);
      assert.deepEqual(got.map(key), expected, `reads of ${size}`);
    }
  });
});

describe('StreamDetector over a large log', () => {
  it('finds what detect() finds whatever the chunk boundaries, look-back signatures included', () => {
    const excerpts = corpusTexts();
    const text = excerpts.map((e, i) => `${e}\n2024-05-01T10:00:00Z INFO step ${i} done`).join('\n');
    const expected = detect(text).map(key);
    assert.ok(expected.length > 300);
    for (const size of [4_000, 997, 65_537]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      assert.deepEqual(streamed(chunks).map(key), expected, `chunks of ${size}`);
    }
  });
});
