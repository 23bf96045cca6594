import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { causesForFinding, rankCauses, recommendFixes } from '../../../src/core/causes';
import type { CauseId, RankedCause } from '../../../src/core/types';
import { cadence, finding, probeReport } from './helpers';

const RESET_CAUSES: CauseId[] = [
  'keepalive-idle-race',
  'middlebox-idle-timeout',
  'server-overload',
  'early-close-unread-body',
  'tls-handshake-rejected',
  'proxy-reset',
  'expect-continue',
  'mtu-blackhole',
  'peer-crash-restart',
  'firewall-reject',
];

function top(ranked: RankedCause[]): RankedCause {
  const first = ranked[0];
  assert.ok(first, 'ranking is empty');
  return first;
}

function conf(ranked: RankedCause[], id: CauseId): number {
  return ranked.find((c) => c.id === id)?.confidence ?? 0;
}

describe('rankCauses', () => {
  it('Go "server closed idle connection" on a reused connection → keep-alive race', () => {
    const f = finding({
      class: 'eof_closed',
      runtime: 'go',
      errno: null,
      method: 'POST',
      hints: ['reused_connection'],
      text: 'error sending: Post "http://localhost:9000/test": http: server closed idle connection',
      endpoint: { url: 'http://localhost:9000/test', host: 'localhost', port: 9000 },
    });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'keepalive-idle-race');
    assert.ok(top(ranked).confidence >= 0.9, `confidence ${top(ranked).confidence}`);
    assert.ok(top(ranked).evidence.some((e) => e.includes('server closed idle connection')));
    assert.ok(top(ranked).evidence.some((e) => e.includes('reused')));
    // On loopback there is no middlebox to blame.
    assert.ok(conf(ranked, 'middlebox-idle-timeout') < 0.2);
  });

  it('resets every ~350 s → middlebox idle timeout, naming the AWS NAT figure', () => {
    const findings = Array.from({ length: 8 }, (_, i) =>
      finding({ errno: 'ECONNRESET', hints: ['reused_connection'], timestamp: 1_700_000_000_000 + i * 350_000 }),
    );
    const ranked = rankCauses(findings, { cadence: cadence(350_000) });
    assert.equal(top(ranked).id, 'middlebox-idle-timeout');
    assert.ok(top(ranked).evidence.some((e) => e.includes('350 s')));
    assert.ok(conf(ranked, 'middlebox-idle-timeout') > conf(ranked, 'keepalive-idle-race'));
  });

  it('resets every ~4 s → keep-alive race rather than a middlebox', () => {
    const findings = Array.from({ length: 6 }, () => finding({ errno: 'ECONNRESET', hints: ['reused_connection'] }));
    const ranked = rankCauses(findings, { cadence: cadence(4_000) });
    assert.equal(top(ranked).id, 'keepalive-idle-race');
    assert.ok(conf(ranked, 'middlebox-idle-timeout') < conf(ranked, 'keepalive-idle-race'));
  });

  it('a reset during the TLS handshake → tls-handshake-rejected', () => {
    const f = finding({
      class: 'tls',
      classes: ['tls', 'reset'],
      errno: 'ECONNRESET',
      hints: ['tls_handshake'],
      text: 'Error: Client network socket disconnected before secure TLS connection was established',
    });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'tls-handshake-rejected');
    assert.ok(conf(ranked, 'tls-certificate') < 0.5);
    assert.ok(conf(ranked, 'keepalive-idle-race') < 0.2, 'a handshake is never on a stale pooled connection');
  });

  it('a certificate error → tls-certificate, not a rejected handshake', () => {
    const f = finding({ class: 'tls', errno: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', text: 'Error: unable to get local issuer certificate', hints: ['tls_handshake'] });
    assert.equal(top(rankCauses([f])).id, 'tls-certificate');
  });

  it('a POST reset while writing the body → early close with unread body', () => {
    const f = finding({ method: 'POST', errno: 'ECONNRESET', hints: ['writing_body'], text: 'Error: write ECONNRESET' });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'early-close-unread-body');
    assert.ok(conf(ranked, 'early-close-unread-body') > conf(ranked, 'expect-continue'));
  });

  it('the same POST failure mentioning Expect: 100-continue → expect-continue', () => {
    const f = finding({
      runtime: 'php',
      method: 'POST',
      errno: 'CURLE_RECV_ERROR',
      hints: ['writing_body'],
      text: 'cURL error 56: Recv failure: Connection reset by peer (request sent with Expect: 100-continue)',
    });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'expect-continue');
    assert.ok(conf(ranked, 'expect-continue') > conf(ranked, 'early-close-unread-body'));
  });

  it('a 413 with a broken pipe while uploading → early close with unread body', () => {
    const f = finding({ class: 'broken_pipe', method: 'PUT', errno: 'EPIPE', hints: ['writing_body'], text: 'write EPIPE after 413 Request Entity Too Large' });
    assert.equal(top(rankCauses([f])).id, 'early-close-unread-body');
  });

  it('ECONNREFUSED → service not listening', () => {
    const f = finding({ class: 'refused', errno: 'ECONNREFUSED', hints: ['connecting'], text: 'Error: connect ECONNREFUSED 127.0.0.1:5432', endpoint: { url: null, host: '127.0.0.1', port: 5432 } });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'service-not-listening');
    assert.ok(conf(ranked, 'firewall-reject') < 0.3);
  });

  it('a proxy tunnel failing with ECONNREFUSED → proxy misconfigured, then proxy reset', () => {
    const f = finding({
      class: 'proxy',
      classes: ['proxy', 'refused'],
      errno: 'ECONNREFUSED',
      hints: ['proxy_tunnel', 'connecting'],
      text: 'curl: (7) Failed to connect to proxy.corp port 3128 after 2 ms: Connection refused',
    });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'proxy-misconfigured');
    assert.ok(conf(ranked, 'proxy-misconfigured') > conf(ranked, 'service-not-listening'));
  });

  it('a reset inside the CONNECT tunnel → proxy reset', () => {
    const f = finding({ class: 'proxy', classes: ['proxy', 'reset'], runtime: 'curl', errno: 'CURLE_RECV_ERROR', hints: ['proxy_tunnel'], text: 'curl: (56) Proxy CONNECT aborted' });
    const ranked = rankCauses([f]);
    assert.equal(top(ranked).id, 'proxy-reset');
  });

  it('a one-shot curl command cannot hit a stale pooled connection', () => {
    const cli = finding({ runtime: 'curl', signature: 'curl.exit-code', errno: 'CURLE_RECV_ERROR', text: 'curl: (56) Recv failure: Connection reset by peer' });
    const app = finding({ runtime: 'node', signature: 'node.syscall-code', errno: 'ECONNRESET', text: 'Error: read ECONNRESET' });
    const fromCli = rankCauses([cli]);
    assert.ok(conf(fromCli, 'keepalive-idle-race') < conf(rankCauses([app]), 'keepalive-idle-race'));
    assert.ok(conf(fromCli, 'keepalive-idle-race') < 0.2);
    assert.ok(conf(fromCli, 'middlebox-idle-timeout') < 0.2);
    assert.ok(fromCli.find((c) => c.id === 'keepalive-idle-race')?.evidence.some((e) => e.startsWith('against: a curl command opens a fresh connection')));
  });

  it('PHP/libcurl resets lean towards a middlebox: libcurl notices orderly idle closes itself', () => {
    const php = finding({ runtime: 'php', signature: 'php.curl-error', errno: 'CURLE_RECV_ERROR', hints: ['reused_connection'], text: 'cURL error 56: Recv failure: Connection reset by peer' });
    const node = finding({ runtime: 'node', errno: 'ECONNRESET', hints: ['reused_connection'] });
    const gap = (r: RankedCause[]): number => conf(r, 'middlebox-idle-timeout') - conf(r, 'keepalive-idle-race');
    assert.ok(gap(rankCauses([php])) > gap(rankCauses([node])));
  });

  it('DNS, unreachable and timeout findings map to their sibling causes', () => {
    assert.equal(top(rankCauses([finding({ class: 'dns', errno: 'ENOTFOUND', text: 'getaddrinfo ENOTFOUND api.example.com' })])).id, 'dns-resolution');
    assert.equal(top(rankCauses([finding({ class: 'host_unreachable', errno: 'EHOSTUNREACH', text: 'connect EHOSTUNREACH 10.0.0.7:443' })])).id, 'host-unreachable');
    assert.equal(top(rankCauses([finding({ class: 'timeout', errno: 'UND_ERR_HEADERS_TIMEOUT', hints: ['reading_headers'], text: 'HeadersTimeoutError: Headers Timeout Error' })])).id, 'request-timeout');
    assert.equal(top(rankCauses([finding({ class: 'broken_pipe', errno: 'EPIPE', text: 'write: broken pipe' })])).id, 'broken-pipe-peer-closed');
  });

  it('probe: FIN close at 3000 ms plus reuse resets → keep-alive race, client idle ≤ 2000 ms', () => {
    const probe = probeReport({
      keepAlive: { idleTimeoutMs: 3000, closeKind: 'fin', lowerBoundMs: 2900, wallMs: 3300 },
      reuse: { attempts: 10, resets: 3, eofs: 1 },
    });
    const ranked = rankCauses([], { probe });
    assert.equal(top(ranked).id, 'keepalive-idle-race');
    assert.ok(top(ranked).confidence >= 0.7, `confidence ${top(ranked).confidence}`);
    const recs = recommendFixes(ranked, { probe });
    const idle = recs.find((r) => r.fix === 'keepalive-idle');
    assert.ok(idle, JSON.stringify(recs));
    assert.equal(idle.params.serverIdleMs, 3000);
    assert.ok(idle.params.clientIdleMs !== undefined && idle.params.clientIdleMs > 0 && idle.params.clientIdleMs <= 2000, `clientIdleMs ${idle.params.clientIdleMs}`);
  });

  it('probe: idle connections killed by RST after minutes → middlebox', () => {
    const probe = probeReport({ keepAlive: { idleTimeoutMs: 240_000, closeKind: 'rst', lowerBoundMs: 230_000, wallMs: 250_000 }, reuse: { attempts: 4, resets: 2, eofs: 0 } });
    const ranked = rankCauses([finding({ errno: 'ECONNRESET' })], { probe });
    assert.equal(top(ranked).id, 'middlebox-idle-timeout');
  });

  it('healthy probe and no findings → no reset cause above a low threshold', () => {
    const probe = probeReport({
      keepAlive: { idleTimeoutMs: 5000, closeKind: 'fin', lowerBoundMs: 4800, wallMs: 5600 },
      reuse: { attempts: 6, resets: 0, eofs: 0, fresh: { attempts: 6, resets: 0, eofs: 0 } },
    });
    const ranked = rankCauses([], { probe });
    for (const c of ranked) {
      if (RESET_CAUSES.includes(c.id)) assert.ok(c.confidence < 0.2, `${c.id} at ${c.confidence}`);
    }
  });

  it('nothing at all → nothing ranked', () => {
    assert.deepEqual(rankCauses([]), []);
  });

  it('combines a log with a probe: a bare reset plus measured stale reuse → keep-alive race', () => {
    const bare = finding({ errno: 'ECONNRESET', text: 'Error: read ECONNRESET' });
    const logOnly = rankCauses([bare]);
    const probe = probeReport({
      keepAlive: { idleTimeoutMs: 5000, closeKind: 'fin', lowerBoundMs: 4800, wallMs: 5600 },
      reuse: { attempts: 10, resets: 0, eofs: 4, fresh: { attempts: 10, resets: 0, eofs: 0 } },
      causes: [{ id: 'keepalive-idle-race', confidence: 0.9, evidence: ['reused connections failed after 5 s idle'] }],
    });
    const combined = rankCauses([bare], { probe });
    assert.equal(top(combined).id, 'keepalive-idle-race');
    assert.ok(conf(combined, 'keepalive-idle-race') > conf(logOnly, 'keepalive-idle-race'));
    assert.ok(top(combined).evidence.some((e) => e === 'probe: reused connections failed after 5 s idle'));
  });

  it('a healthy probe lowers persistent causes found in a log', () => {
    const f = finding({ class: 'refused', errno: 'ECONNREFUSED', hints: ['connecting'] });
    const before = conf(rankCauses([f]), 'service-not-listening');
    const after = conf(rankCauses([f], { probe: probeReport() }), 'service-not-listening');
    assert.ok(after < before, `${after} < ${before}`);
    assert.ok(rankCauses([f], { probe: probeReport() }).find((c) => c.id === 'service-not-listening')?.evidence.some((e) => e.startsWith('against: ')));
  });

  it('is sorted by confidence and keeps confidences within 0..1', () => {
    const findings = [
      finding({ errno: 'ECONNRESET', hints: ['reused_connection'] }),
      finding({ class: 'timeout', errno: 'ETIMEDOUT', hints: ['connecting'] }),
      finding({ class: 'dns', errno: 'EAI_AGAIN' }),
    ];
    const ranked = rankCauses(findings);
    assert.ok(ranked.length >= 3);
    for (let i = 1; i < ranked.length; i++) assert.ok((ranked[i - 1]?.confidence ?? 0) >= (ranked[i]?.confidence ?? 0));
    for (const c of ranked) assert.ok(c.confidence > 0 && c.confidence < 1 && c.evidence.length > 0);
  });
});

describe('causesForFinding', () => {
  it('ranks one finding like rankCauses does', () => {
    const f = finding({ class: 'eof_closed', runtime: 'undici', errno: 'UND_ERR_SOCKET', text: 'SocketError: other side closed', hints: ['reused_connection'] });
    const ranked = causesForFinding(f);
    assert.equal(top(ranked).id, 'keepalive-idle-race');
    assert.deepEqual(ranked, rankCauses([f]));
  });
});
