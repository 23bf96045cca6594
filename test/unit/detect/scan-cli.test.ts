import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

function io(stdin = ''): CliIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    stdout: (s: string) => { o.out += s; },
    stderr: (s: string) => { o.err += s; },
    stdin: () => Readable.from([Buffer.from(stdin)]),
  };
  return o;
}

const GO = '2024/05/01 10:00:01 Post "http://10.0.0.7:8080/orders": read tcp 10.0.0.9:5000->10.0.0.7:8080: read: connection reset by peer\n';
const CURL = 'curl: (52) Empty reply from server\n';

describe('connection-doctor scan', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-scan-'));
    writeFileSync(join(dir, 'app.log'), `INFO start\n${GO}INFO ok\n`);
    writeFileSync(join(dir, 'clean.log'), 'INFO nothing to see\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 0, 0x63, 0x75, 0x72, 0x6c]));
    mkdirSync(join(dir, 'sub'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--json prints exactly one object with the contract fields, file as given', async () => {
    const o = io(CURL);
    const rel = join(dir, 'app.log');
    assert.equal(await main(['scan', '--json', rel, '-'], o), 0);
    const parsed = JSON.parse(o.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['findings', 'files', 'bytes', 'ms']);
    assert.equal(parsed.files, 2);
    assert.equal(parsed.bytes, Buffer.byteLength(`INFO start\n${GO}INFO ok\n`) + Buffer.byteLength(CURL));
    assert.equal(typeof parsed.ms, 'number');
    const findings = parsed.findings as Record<string, unknown>[];
    assert.equal(findings.length, 2);
    assert.deepEqual(Object.keys(findings[0]!), ['file', 'line', 'column', 'class', 'runtime', 'signature', 'errno', 'endpoint', 'method', 'text', 'causes']);
    assert.deepEqual({ ...findings[0], causes: undefined }, {
      file: rel, line: 2, column: GO.indexOf('read: connection') + 1, class: 'reset', runtime: 'go', signature: 'go.read-reset', errno: 'ECONNRESET',
      endpoint: { url: 'http://10.0.0.7:8080/orders', host: '10.0.0.7', port: 8080 }, method: 'POST', text: GO.trim(), causes: undefined,
    });
    assert.ok(Array.isArray(findings[0]!.causes));
    assert.equal(findings[1]!.file, '-');
    assert.equal(findings[1]!.class, 'eof_closed');
    assert.equal(findings[1]!.endpoint, null);
    assert.equal(o.err, '');
  });

  it('human output: one line per finding, then the top cause', async () => {
    const o = io();
    assert.equal(await main(['scan', join(dir, 'app.log')], o), 0);
    const lines = o.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `${join(dir, 'app.log')}:2:${GO.indexOf('read: connection') + 1} reset go ${GO.trim()}`);
    assert.match(lines[1]!, /^1 finding; top cause: /);
  });

  it('exits 0 on a clean file and says so', async () => {
    const o = io();
    assert.equal(await main(['scan', join(dir, 'clean.log')], o), 0);
    assert.match(o.out, /no network errors found/);
  });

  it('exits 2 on an unreadable file or a directory, after scanning the others', async () => {
    const o = io();
    assert.equal(await main(['scan', '--json', join(dir, 'missing.log'), join(dir, 'sub'), join(dir, 'app.log')], o), 2);
    assert.match(o.err, /cannot read .*missing\.log: no such file/);
    assert.match(o.err, /cannot read .*sub: is a directory/);
    const parsed = JSON.parse(o.out) as { findings: unknown[]; files: number };
    assert.equal(parsed.files, 1);
    assert.equal(parsed.findings.length, 1);
  });

  it('skips binary files with a message on stderr and still exits 0', async () => {
    const o = io();
    assert.equal(await main(['scan', '--json', join(dir, 'blob.bin')], o), 0);
    assert.match(o.err, /blob\.bin: skipped, binary/);
    assert.deepEqual((JSON.parse(o.out) as { findings: unknown[] }).findings, []);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const none = io();
    assert.equal(await main(['scan'], none), 2);
    assert.match(none.err, /scan: no input/);
    const bad = io();
    assert.equal(await main(['scan', '--jsn', 'x'], bad), 2);
    assert.match(bad.err, /unknown option '--jsn'/);
  });
});
