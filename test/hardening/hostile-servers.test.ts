// The probe against servers that misbehave on purpose: it must end within its time budget, keep
// its memory bounded, come back with a report that says what went wrong, and never follow a
// redirect to another host.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { after, describe, it } from 'node:test';
import { probe, type ProbeOptions } from '../../src/core/probe';
import type { ProbeReport } from '../../src/core/types';
import { startLab } from '../fixtures/servers';
import { startHostile, type HostileServer } from './servers';

const TIMEOUT_MS = 1500;
/** Time a probe may take beyond its per-phase timeout: scheduling, the verdict, closing sockets. */
const SLACK_MS = 1500;
/** Memory (heap and buffers) a single probe may add while it runs, whatever the server sends. */
const HEAP_LIMIT = 64 * 1024 * 1024;
const BASE: ProbeOptions = { timeoutMs: TIMEOUT_MS, env: {} };

interface Server {
  url: string;
  stats: { connections: number };
  close(): Promise<void>;
}

const open: Server[] = [];
after(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function track<T extends Server>(s: Promise<T>): Promise<T> {
  const server = await s;
  open.push(server);
  return server;
}

interface Measured {
  report: ProbeReport;
  ms: number;
  heapPeak: number;
}

/** JS heap plus the memory of Buffers and ArrayBuffers (where socket data lives), bytes. */
function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Probes `url`, sampling memory every 20 ms. */
async function measure(url: string, options: ProbeOptions = BASE): Promise<Measured> {
  const base = used();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used() - base);
  }, 20);
  const t0 = performance.now();
  try {
    const report = await probe(url, options);
    return { report, ms: performance.now() - t0, heapPeak: peak };
  } finally {
    clearInterval(sampler);
  }
}

function bounded(m: Measured, name: string, budgetMs = TIMEOUT_MS + SLACK_MS): void {
  console.log(`${name}: ${m.ms.toFixed(0)} ms (budget ${budgetMs}), heap+buffers +${(m.heapPeak / 1048576).toFixed(1)} MiB, error ${m.report.error ? `${m.report.error.phase}/${m.report.error.code}` : 'none'}, http ${m.report.http?.status ?? '-'}, top cause ${m.report.causes[0]?.id ?? '-'}`);
  assert.ok(m.ms <= budgetMs, `${name}: took ${m.ms.toFixed(0)} ms, budget ${budgetMs} ms`);
  assert.ok(m.heapPeak < HEAP_LIMIT, `${name}: heap and buffers grew by ${(m.heapPeak / 1048576).toFixed(1)} MiB`);
  assert.notEqual(m.report.phases.totalMs, null, 'the report has a total time');
  assert.equal(typeof m.report.url, 'string');
}

describe('probe against hostile servers', () => {
  it('endless body (lab): stops at its byte cap', async () => {
    const s = await track(startLab('endless-body'));
    const m = await measure(s.url, { ...BASE, maxBytes: 1 << 20 });
    bounded(m, 'endless body');
    assert.equal(m.report.http?.status, 200);
    assert.equal(m.report.http?.bodyTruncated, true);
    assert.ok((m.report.http?.bodyBytes ?? 0) <= 2 << 20, `read ${m.report.http?.bodyBytes} bytes with a 1 MiB cap`);
  });

  it('1 MiB of headers (lab): refused with an error, not buffered', async () => {
    const s = await track(startLab('huge-headers'));
    const m = await measure(s.url);
    bounded(m, 'huge headers');
    assert.ok(m.report.error, 'an error names the problem');
    assert.equal(m.report.error.phase, 'http');
  });

  it('endless headers: refused with an error once over the header limit', async () => {
    const s = await track(startHostile('endless-headers'));
    const m = await measure(s.url);
    bounded(m, 'endless headers');
    assert.ok(m.report.error);
    assert.equal(m.report.error.phase, 'http');
  });

  it('one 1 MiB header line: refused with an error', async () => {
    const s = await track(startHostile('header-line-1mib'));
    const m = await measure(s.url);
    bounded(m, '1 MiB header line');
    assert.ok(m.report.error);
    assert.equal(m.report.error.phase, 'http');
  });

  it('slowloris, 1 byte per second (lab): times out at the phase deadline', async () => {
    const s = await track(startLab('slowloris', { intervalMs: 1000 }));
    const m = await measure(s.url);
    bounded(m, 'slowloris');
    assert.ok(m.report.error);
    assert.equal(m.report.error.code, 'ETIMEDOUT');
  });

  it('accepts and never answers: times out with a verdict', async () => {
    const s = await track(startHostile('silent'));
    const m = await measure(s.url);
    bounded(m, 'silent');
    assert.ok(m.report.error);
    assert.equal(m.report.error.code, 'ETIMEDOUT');
    assert.ok(m.report.causes.length > 0, 'a timeout gets a verdict');
  });

  it('TLS garbage: the TLS phase fails with an error', async () => {
    const s = await track(startHostile('tls-garbage'));
    const m = await measure(s.url);
    bounded(m, 'tls garbage');
    assert.ok(m.report.error);
    assert.equal(m.report.error.phase, 'tls');
    assert.equal(m.report.http, null);
  });

  it('HTTP/0.9 reply (no status line): an error, not a 200', async () => {
    const s = await track(startHostile('http09'));
    const m = await measure(s.url);
    bounded(m, 'http/0.9');
    assert.ok(m.report.error);
    assert.notEqual(m.report.http?.status, 200);
  });

  it('redirect loop: reported, not followed round and round', async () => {
    const s = await track(startHostile('redirect-loop'));
    const m = await measure(s.url);
    bounded(m, 'redirect loop');
    assert.equal(m.report.http?.status, 302);
    assert.equal(m.report.http?.redirect?.sameHost, true);
    assert.ok(s.stats.requests <= 3, `${s.stats.requests} requests to a redirect loop`);
  });

  it('redirect to another host: reported as off-host, never followed', async () => {
    // The other host is a listener of ours, so any connection to it is counted.
    let reached = 0;
    const other = net.createServer((sock) => {
      reached++;
      sock.destroy();
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    open.push({ url: '', stats: { connections: 0 }, close: () => new Promise<void>((r) => other.close(() => r())) });
    const port = (other.address() as net.AddressInfo).port;
    const s: HostileServer = await track(startHostile('redirect-off-host', { location: `http://localhost:${port}/elsewhere?token=s3cr3t-redirect` }));
    const m = await measure(s.url);
    bounded(m, 'redirect off-host');
    assert.equal(m.report.http?.status, 301);
    assert.equal(m.report.http?.redirect?.sameHost, false);
    assert.equal(reached, 0, 'the probe connected to the redirect target');
    assert.ok(!JSON.stringify(m.report).includes('s3cr3t-redirect'), 'the Location token is redacted in the report');
  });

  it('the opt-in measurements (idle, reuse, POST body, Expect, large request) against a silent server stay bounded', async () => {
    const s = await track(startHostile('silent'));
    const opts: ProbeOptions = { ...BASE, idle: true, maxIdleMs: 1000, reuse: 2, postBodyBytes: 1024, expectContinue: true, largeRequest: true };
    const m = await measure(s.url, opts);
    // The main request times out; the opt-in phases must not each wait on top of it.
    bounded(m, 'silent + opt-ins', TIMEOUT_MS * 2 + 1000 + SLACK_MS);
  });

  it('the opt-in measurements against an endless body stay bounded', async () => {
    const s = await track(startLab('endless-body'));
    const opts: ProbeOptions = { ...BASE, maxBytes: 1 << 20, idle: true, maxIdleMs: 1000, reuse: 2, postBodyBytes: 1024, expectContinue: true, largeRequest: true };
    const m = await measure(s.url, opts);
    bounded(m, 'endless body + opt-ins', TIMEOUT_MS * 4 + 1000 + SLACK_MS);
  });
});
