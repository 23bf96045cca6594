import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { after, describe, it } from 'node:test';
import { probe } from '../../../src/core/probe';
import type { CauseId, ProbeReport } from '../../../src/core/types';
import { startLab, type LabServer } from '../../fixtures/servers';

/** Reset-family causes: the healthy server must not get any of them above 0.2. */
const RESET_CAUSES: CauseId[] = ['keepalive-idle-race', 'middlebox-idle-timeout', 'server-overload', 'early-close-unread-body', 'peer-crash-restart', 'proxy-reset', 'expect-continue', 'firewall-reject'];
const NO_PROXY = { env: {} };

const labs: LabServer[] = [];
async function lab(...args: Parameters<typeof startLab>): Promise<LabServer> {
  const l = await startLab(...args);
  labs.push(l);
  return l;
}
after(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

function top(r: ProbeReport): CauseId | undefined {
  return r.causes[0]?.id;
}

function within(actual: number | null | undefined, expected: number, tolerance = 0.05): void {
  assert.ok(actual !== null && actual !== undefined, `no figure (expected ~${expected})`);
  assert.ok(Math.abs(actual - expected) <= expected * tolerance, `${actual} is not within ±${tolerance * 100}% of ${expected}`);
}

// Timing measurements first, on their own: the lab and the probe share this process's event
// loop, and heavy neighbours (TLS handshakes, multi-megabyte bodies) would skew their clocks.
// Timeouts of 1.5–2 s keep ±5% wider than the stalls a loaded machine causes (~100 ms seen).
describe('idle timeouts measured against the lab', { concurrency: true }, () => {
  it('healthy server: a clean report and no reset cause', async () => {
    const l = await lab('healthy');
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 1200 });
    assert.equal(r.error, null);
    assert.equal(r.http?.status, 200);
    assert.equal(r.http?.version, '1.1');
    assert.deepEqual(r.http?.keepAliveHint, { timeoutSeconds: 60, max: null });
    assert.deepEqual(r.addresses, ['127.0.0.1']);
    assert.ok((r.phases.connectMs ?? -1) >= 0 && (r.phases.ttfbMs ?? -1) >= 0 && (r.phases.totalMs ?? -1) >= (r.phases.ttfbMs ?? 0));
    assert.equal(r.keepAlive?.idleTimeoutMs, null);
    assert.ok((r.keepAlive?.lowerBoundMs ?? 0) >= 1200, JSON.stringify(r.keepAlive));
    for (const c of r.causes) assert.ok(!RESET_CAUSES.includes(c.id) || c.confidence < 0.2, `cried wolf: ${JSON.stringify(c)}`);
    assert.ok((l.stats.requests.GET ?? 0) >= 2);
  });

  it('idle close by FIN without hint: measured within 5%, top cause keepalive-idle-race', async () => {
    const l = await lab('idle-close', { idleMs: 1500 });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 5000 });
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.equal(r.keepAlive?.closeKind, 'fin');
    assert.equal(top(r), 'keepalive-idle-race');
    const rec = r.recommendations.find((x) => x.fix === 'keepalive-idle' || x.fix === 'disable-keepalive');
    assert.ok(rec, JSON.stringify(r.recommendations));
  });

  it('idle close at 2 s with a hint: keepalive-idle recommendation below the server with the documented margin', async () => {
    const l = await lab('idle-close', { idleMs: 2000, hint: true });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 5000 });
    within(r.keepAlive?.idleTimeoutMs, 2000);
    assert.equal(r.http?.keepAliveHint?.timeoutSeconds, 2);
    const rec = r.recommendations.find((x) => x.fix === 'keepalive-idle');
    assert.ok(rec?.params.clientIdleMs !== undefined && rec.params.serverIdleMs !== undefined);
    assert.ok(rec.params.clientIdleMs < rec.params.serverIdleMs);
    assert.equal(rec.params.clientIdleMs, Math.round(Math.min((rec.params.serverIdleMs) - 1000, rec.params.serverIdleMs * 0.75)) < 250 ? 250 : Math.round(Math.min(rec.params.serverIdleMs - 1000, rec.params.serverIdleMs * 0.75)));
  });

  it('large resource: the measurement repeats HEAD, not the download, and stays under the byte cap', async () => {
    const l = await lab('idle-close', { idleMs: 1500, bodyBytes: 300_000 });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 5000, maxBytes: 1024 * 1024 });
    assert.equal(r.http?.bodyBytes, 300_000);
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.ok((l.stats.requests.HEAD ?? 0) >= 3, JSON.stringify(l.stats.requests));
    assert.equal(l.stats.requests.GET, 1);
  });

  it('middlebox resetting idle flows: RST seen while idle, top cause middlebox-idle-timeout', async () => {
    const l = await lab('middlebox', { idleMs: 1500 });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 5000 });
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.equal(r.keepAlive?.closeKind, 'rst');
    assert.equal(top(r), 'middlebox-idle-timeout');
    assert.ok(r.recommendations.some((x) => x.fix === 'tcp-keepalive'));
    assert.ok(l.stats.resets >= 1 && (l.stats.requests.GET ?? 0) >= 2, JSON.stringify(l.stats));
  });

  it('reuse race: reused connections around the idle timeout fail, fresh ones do not', async () => {
    const l = await lab('idle-close', { idleMs: 1000 });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 3000, reuse: 8 });
    assert.ok(r.reuse);
    assert.equal(r.reuse.attempts, 8);
    assert.ok(r.reuse.resets + r.reuse.eofs > 0, JSON.stringify(r.reuse));
    assert.equal((r.reuse.fresh?.resets ?? 0) + (r.reuse.fresh?.eofs ?? 0), 0);
    assert.equal(top(r), 'keepalive-idle-race');
    assert.ok((r.causes[0]?.confidence ?? 0) >= 0.75);
  });

});

// These two run alone: the silent middlebox is found by requests after set idles, which a
// stalled event loop lengthens; the TLS one does a dozen handshakes.
describe('idle timeouts that need a quiet process', () => {
  it('silent middlebox (RST on next data): bracketed within 5%', async () => {
    const l = await lab('middlebox', { idleMs: 1500, mode: 'on-next-data' });
    const r = await probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 5000 });
    assert.equal(r.keepAlive?.method, 'bracket', JSON.stringify(r.keepAlive));
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.equal(r.keepAlive?.closeKind, 'rst');
    assert.equal(top(r), 'middlebox-idle-timeout');
  });


  it('idle close over TLS (close_notify then FIN): measured within 5%', async () => {
    const l = await lab('tls-strict', { idleMs: 1500, hint: false });
    const r = await probe(l.url, { ...NO_PROXY, ca: l.ca, idle: true, maxIdleMs: 5000 });
    assert.equal(r.tls?.protocol, 'TLSv1.3');
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.equal(r.keepAlive?.closeKind, 'fin');
  });

});

describe('probe against the lab', { concurrency: true }, () => {
  it('RST on accept over a connection limit: top cause server-overload', async () => {
    const l = await lab('conn-limit', { limit: 0 });
    const r = await probe(l.url, NO_PROXY);
    // On loopback the RST can beat the client's own connect event: either phase is right.
    assert.ok(r.error?.phase === 'http' || r.error?.phase === 'tcp', JSON.stringify(r.error));
    assert.equal(r.error?.code, 'ECONNRESET');
    assert.equal(top(r), 'server-overload');
  });

  it('early close with unread body: top cause early-close-unread-body, POST seen once', async () => {
    const l = await lab('early-close');
    const r = await probe(l.url, { ...NO_PROXY, postBodyBytes: 4 * 1024 * 1024 });
    assert.equal(r.checks?.post?.outcome, 'reset', JSON.stringify(r.checks));
    assert.equal(top(r), 'early-close-unread-body');
    assert.equal(l.stats.requests.POST, 1);
  });

  it('RST in the middle of a response: top cause peer-crash-restart', async () => {
    const l = await lab('rst-mid-response');
    const r = await probe(l.url, NO_PROXY);
    assert.equal(r.error?.code, 'ECONNRESET');
    assert.ok((r.error?.bytesReceived ?? 0) > 0);
    assert.equal(r.http?.status, 200);
    assert.equal(top(r), 'peer-crash-restart');
  });

  it('Expect: 100-continue reset: top cause expect-continue, expect-header recommended', async () => {
    const l = await lab('expect-reset');
    const r = await probe(l.url, { ...NO_PROXY, expectContinue: true });
    assert.equal(r.error, null);
    assert.equal(r.checks?.expectContinue?.outcome, 'reset');
    assert.equal(top(r), 'expect-continue');
    assert.ok(r.recommendations.some((x) => x.fix === 'expect-header'));
  });

  it('healthy server honours Expect: 100-continue and a POST body', async () => {
    const l = await lab('healthy');
    const r = await probe(l.url, { ...NO_PROXY, expectContinue: true, postBodyBytes: 100_000, largeRequest: true });
    assert.equal(r.checks?.expectContinue?.continued, true);
    assert.equal(r.checks?.post?.outcome, 'ok');
    assert.equal(r.checks?.largeRequest?.outcome, 'ok');
    assert.equal(l.stats.requests.POST, 3);
    for (const c of r.causes) assert.ok(!RESET_CAUSES.includes(c.id) || c.confidence < 0.2, JSON.stringify(c));
  });

  it('TLS without SNI is reset: top cause tls-handshake-rejected', async () => {
    const l = await lab('tls-strict');
    const r = await probe(`https://127.0.0.1:${l.port}/`, { ...NO_PROXY, ca: l.ca });
    assert.equal(r.error?.phase, 'tls');
    assert.equal(top(r), 'tls-handshake-rejected');
    assert.match(r.causes[0]?.evidence.join(' ') ?? '', /No SNI was sent/);
  });

  it('the TLS lab resets a TLS 1.2 ClientHello even with the right SNI', async () => {
    const l = await lab('tls-strict');
    const code = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: l.port, servername: 'localhost', maxVersion: 'TLSv1.2', ca: l.ca });
      s.once('secureConnect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    assert.equal(code, 'ECONNRESET');
    assert.equal(l.stats.resets, 1);
  });

  it('TLS with SNI and a trusted CA: TLS 1.3 facts; untrusted: tls-certificate; --insecure reports it', async () => {
    const l = await lab('tls-strict');
    const ok = await probe(l.url, { ...NO_PROXY, ca: l.ca });
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.equal(ok.tls?.protocol, 'TLSv1.3');
    assert.equal(ok.tls?.sni, 'localhost');
    assert.equal(ok.tls?.alpn, 'http/1.1');
    assert.equal(ok.tls?.hostnameMatch, true);
    assert.equal(ok.tls?.certificates[0]?.selfSigned, true);
    assert.ok((ok.tls?.certificates[0]?.daysLeft ?? 0) >= 28);
    const untrusted = await probe(l.url, NO_PROXY);
    assert.equal(untrusted.error?.phase, 'tls');
    assert.equal(untrusted.http, null);
    assert.equal(top(untrusted), 'tls-certificate');
    const insecure = await probe(l.url, { ...NO_PROXY, insecure: true });
    assert.equal(insecure.http?.status, 200);
    assert.equal(insecure.tls?.authorized, false);
    assert.equal(top(insecure), 'tls-certificate');
  });

  it('proxy resetting CONNECT (taken from HTTPS_PROXY): top cause proxy-reset', async () => {
    const l = await lab('proxy-reset');
    const r = await probe('https://127.0.0.1:9/', { env: { HTTPS_PROXY: `http://u:pw-s3cret@127.0.0.1:${l.port}` } });
    assert.equal(r.proxy?.source, 'HTTPS_PROXY');
    assert.equal(r.error?.phase, 'proxy');
    assert.equal(top(r), 'proxy-reset');
    assert.equal(l.stats.requests.CONNECT, 1);
    assert.ok(!JSON.stringify(r).includes('pw-s3cret'));
  });

  it('through a working proxy (HTTPS_PROXY) the probe reaches the server; NO_PROXY bypasses it', async () => {
    const target = await lab('tls-strict');
    const proxy = await lab('proxy');
    const via = await probe(target.url, { ca: target.ca, env: { HTTPS_PROXY: proxy.url } });
    assert.equal(via.error, null, JSON.stringify(via.error));
    assert.equal(via.http?.status, 200);
    assert.equal(via.proxy?.source, 'HTTPS_PROXY');
    assert.equal(proxy.stats.requests.CONNECT, 1);
    const direct = await probe(target.url, { ca: target.ca, env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost' } });
    assert.equal(direct.http?.status, 200);
    assert.equal(direct.proxy?.url, null);
    assert.equal(proxy.stats.requests.CONNECT, 1);
  });

  it('cancelling a running probe returns the partial report at once', async () => {
    const l = await lab('healthy');
    const ac = new AbortController();
    const phases: string[] = [];
    const t0 = Date.now();
    const running = probe(l.url, { ...NO_PROXY, idle: true, maxIdleMs: 20_000, reuse: 4 }, ac.signal, (p) => {
      phases.push(p.phase);
      if (p.phase === 'idle') setTimeout(() => ac.abort(), 200);
    });
    const r = await running;
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    assert.equal(r.http?.status, 200, JSON.stringify(r.error));
    assert.equal(r.keepAlive?.idleTimeoutMs, null);
    assert.equal(r.keepAlive?.lowerBoundMs, null);
    assert.match(r.keepAlive?.note ?? '', /cancelled/);
    assert.equal(r.reuse, null);
    assert.ok(phases.includes('dns') && phases.includes('http'));
  });

  it('refused port: top cause service-not-listening', async () => {
    const s = net.createServer();
    await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((res) => s.close(() => res()));
    const r = await probe(`http://127.0.0.1:${port}/`, NO_PROXY);
    assert.equal(r.error?.code, 'ECONNREFUSED');
    assert.equal(top(r), 'service-not-listening');
  });

  it('redirects are reported, never followed', async () => {
    const l = await lab('redirect', { location: 'https://other.example.invalid/login?token=t0k-s3cret' });
    const r = await probe(l.url, NO_PROXY);
    assert.equal(r.http?.status, 302);
    assert.equal(r.http?.redirect?.sameHost, false);
    assert.match(r.http?.redirect?.location ?? '', /^https:\/\/other\.example\.invalid\/login/);
    assert.ok(!JSON.stringify(r).includes('t0k-s3cret'));
    assert.equal(l.stats.requests.GET, 1);
  });

  it('credentials never reach the report', async () => {
    const l = await lab('healthy');
    const r = await probe(`http://bob:hunter2-pw@127.0.0.1:${l.port}/x?token=tok-s3cret&page=1`, NO_PROXY);
    const json = JSON.stringify(r);
    assert.equal(r.http?.status, 200);
    assert.ok(!json.includes('hunter2-pw') && !json.includes('tok-s3cret'), json);
    assert.match(r.url, /page=1/);
  });
});

describe('hostile servers end within the budget', { concurrency: true }, () => {
  it('never-ending body: stops at the byte cap', async () => {
    const l = await lab('endless-body');
    const t0 = Date.now();
    const r = await probe(l.url, { ...NO_PROXY, maxBytes: 1024 * 1024, timeoutMs: 3000 });
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(r.http?.bodyTruncated, true);
    assert.ok((r.http?.bodyBytes ?? 0) >= 1024 * 1024);
    assert.ok(Array.isArray(r.causes));
  });

  it('1 MiB of headers: refused as a header overflow', async () => {
    const l = await lab('huge-headers');
    const t0 = Date.now();
    const r = await probe(l.url, { ...NO_PROXY, timeoutMs: 3000 });
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(r.error?.phase, 'http');
    assert.equal(r.error?.code, 'UND_ERR_HEADERS_OVERFLOW');
  });

  it('slowloris (1 byte/s): ends at the deadline with request-timeout', async () => {
    const l = await lab('slowloris', { intervalMs: 1000 });
    const t0 = Date.now();
    const r = await probe(l.url, { ...NO_PROXY, timeoutMs: 2500 });
    const took = Date.now() - t0;
    assert.ok(took < 2500 + 1000, `took ${took} ms`);
    assert.equal(r.error?.code, 'ETIMEDOUT');
    assert.equal(top(r), 'request-timeout');
    assert.ok(r.recommendations.some((x) => x.fix === 'timeouts'));
  });
});
