import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { parseProbeArgs } from '../../../src/cli/probe';
import type { ProbeReport } from '../../../src/core/types';
import { startLab, type LabServer } from '../../fixtures/servers';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => { io.out += s; },
    stderr: (s: string) => { io.err += s; },
    stdin: () => Readable.from(['']),
  };
  return io;
}

const labs: LabServer[] = [];
after(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

describe('connection-doctor probe', () => {
  it('parses the exact flag contract', () => {
    const a = parseProbeArgs(['http://h.test/', '--json', '--idle', '--max-idle', '12', '--reuse', '5', '--timeout', '700', '--post-body', '2048', '--expect-continue', '--insecure']);
    assert.equal(a.json, true);
    assert.deepEqual(a.options, { idle: true, maxIdleMs: 12_000, reuse: 5, timeoutMs: 700, postBodyBytes: 2048, expectContinue: true, insecure: true });
  });

  it('exits 2 with a clear message on a malformed URL or bad flag', async () => {
    for (const args of [['probe', 'not a url'], ['probe', 'ftp://x/'], ['probe'], ['probe', 'http://h.test/', '--reuse', 'many'], ['probe', 'http://h.test/', '--bogus']]) {
      const io = captureIo();
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.err, /connection-doctor: probe|needs a value|not a number/);
      assert.equal(io.out, '');
    }
  });

  it('--json prints one ProbeReport object and exits 0 even when the endpoint is broken', async () => {
    const l = await startLab('rst-mid-response');
    labs.push(l);
    const io = captureIo();
    assert.equal(await main(['probe', l.url, '--json', '--timeout', '3000'], io), 0);
    const report = JSON.parse(io.out) as ProbeReport;
    for (const k of ['url', 'addresses', 'phases', 'tls', 'http', 'keepAlive', 'reuse', 'error', 'causes', 'recommendations']) assert.ok(k in report, k);
    assert.equal(report.error?.code, 'ECONNRESET');
    assert.equal(report.causes[0]?.id, 'peer-crash-restart');
  });

  it('human output: timeline, keep-alive finding and verdict', async () => {
    const l = await startLab('idle-close', { idleMs: 600 });
    labs.push(l);
    const io = captureIo();
    assert.equal(await main(['probe', l.url, '--idle', '--max-idle', '3'], io), 0);
    assert.match(io.out, /TCP connect/);
    assert.match(io.out, /keep-alive: idle connections are closed after \d+(\.\d)? ms by FIN/);
    assert.match(io.out, /1\. keepalive-idle-race/);
    assert.match(io.out, /recommended fixes/);
  });
});

describe('connection-doctor doctor', () => {
  it('--json prints runtimes, interfaces and proxy facts', async () => {
    const io = captureIo();
    assert.equal(await main(['doctor', '--json'], io), 0);
    const r = JSON.parse(io.out) as { runtimes: { name: string }[]; interfaces: { name: string; mtu: number }[]; proxy: unknown };
    assert.deepEqual(r.runtimes.map((x) => x.name), ['php', 'libcurl', 'go', 'node']);
    assert.ok(r.interfaces.some((i) => i.name === 'lo'));
  });
  it('exits 2 on an unknown option', async () => {
    const io = captureIo();
    assert.equal(await main(['doctor', '--frob'], io), 2);
  });
});
