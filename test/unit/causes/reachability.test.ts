// Every cause in the knowledge base must be the top-ranked one for some realistic evidence; a
// cause no input can bring to the top would be dead weight in the ranking.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { rankCauses, type RankContext } from '../../../src/core/causes';
import { CAUSE_IDS, type CauseId, type Finding } from '../../../src/core/types';
import { cadence, finding, probeReport } from './helpers';

const scenarios: Record<CauseId, { findings: Finding[]; context?: RankContext }> = {
  'keepalive-idle-race': { findings: [finding({ class: 'eof_closed', runtime: 'undici', errno: 'UND_ERR_SOCKET', hints: ['reused_connection'], text: 'SocketError: other side closed' })] },
  'middlebox-idle-timeout': {
    findings: Array.from({ length: 5 }, () => finding({ errno: 'ECONNRESET', hints: ['idle_connection'] })),
    context: { cadence: cadence(240_000) },
  },
  'server-overload': { findings: [finding({ runtime: 'nginx', errno: null, text: '[alert] 812#0: *4431 socket() failed (24: Too many open files) while connecting to upstream', hints: ['upstream'] })] },
  'early-close-unread-body': { findings: [finding({ class: 'broken_pipe', method: 'POST', errno: 'EPIPE', hints: ['writing_body'], text: 'Error: write EPIPE' })] },
  'tls-handshake-rejected': { findings: [finding({ class: 'tls', errno: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', hints: ['tls_handshake'], text: 'ssl3_read_bytes:sslv3 alert handshake failure' })] },
  'proxy-reset': { findings: [finding({ class: 'proxy', classes: ['proxy', 'reset'], runtime: 'curl', hints: ['proxy_tunnel'], text: 'curl: (56) Proxy CONNECT aborted' })] },
  'expect-continue': { findings: [finding({ runtime: 'php', method: 'POST', errno: 'CURLE_HTTP_RETURNED_ERROR', hints: ['writing_body'], text: 'The requested URL returned error: 417 Expectation Failed' })] },
  'mtu-blackhole': { findings: [finding({ class: 'timeout', errno: 'ETIMEDOUT', hints: ['tls_handshake'], text: 'net/http: TLS handshake timeout (path MTU 1400 on wg0)' })] },
  'peer-crash-restart': { findings: [finding({ class: 'eof_closed', runtime: 'nginx', hints: ['upstream', 'reading_body'], text: 'upstream prematurely closed connection while reading upstream (worker process 4242 exited on signal 9)' })] },
  'firewall-reject': { findings: [finding({ class: 'host_unreachable', classes: ['host_unreachable'], errno: 'EHOSTUNREACH', hints: ['connecting'], text: 'connect: No route to host (ICMP administratively prohibited)' })] },
  'broken-pipe-peer-closed': { findings: [finding({ class: 'broken_pipe', errno: 'EPIPE', text: 'write tcp 10.0.0.2:51234->10.0.0.9:5432: write: broken pipe' })] },
  'service-not-listening': { findings: [finding({ class: 'refused', errno: 'ECONNREFUSED', hints: ['connecting'], text: 'dial tcp 10.0.0.9:8080: connect: connection refused' })] },
  'request-timeout': { findings: [finding({ class: 'timeout', runtime: 'go', hints: ['reading_headers'], text: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' })] },
  'dns-resolution': { findings: [finding({ class: 'dns', errno: 'EAI_AGAIN', text: 'getaddrinfo EAI_AGAIN db.internal' })] },
  'host-unreachable': { findings: [finding({ class: 'host_unreachable', errno: 'ENETUNREACH', hints: ['connecting'], text: 'connect ENETUNREACH 2001:db8::1:443' })] },
  'tls-certificate': { findings: [finding({ class: 'tls', errno: 'CERT_HAS_EXPIRED', text: 'Error: certificate has expired' })] },
  'proxy-misconfigured': { findings: [finding({ class: 'proxy', errno: null, text: 'Received HTTP code 407 from proxy after CONNECT' })] },
};

describe('every cause is reachable', () => {
  for (const id of CAUSE_IDS) {
    it(`${id} ranks first for its typical evidence`, () => {
      const s = scenarios[id];
      const ranked = rankCauses(s.findings, s.context);
      assert.equal(ranked[0]?.id, id, JSON.stringify(ranked.slice(0, 3).map((c) => [c.id, c.confidence, c.evidence])));
      assert.ok((ranked[0]?.confidence ?? 0) >= 0.5, `confidence ${ranked[0]?.confidence}`);
    });
  }

  it('a probe alone can bring each persistent cause to the top', () => {
    const cases: [CauseId, Partial<Parameters<typeof probeReport>[0]>][] = [
      ['service-not-listening', { http: null, tls: null, error: { phase: 'tcp', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } }],
      ['dns-resolution', { http: null, tls: null, addresses: [], error: { phase: 'dns', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nope.invalid' } }],
      ['host-unreachable', { http: null, tls: null, error: { phase: 'tcp', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.9.9.9:443' } }],
      ['tls-handshake-rejected', { http: null, tls: null, error: { phase: 'tls', code: 'ECONNRESET', message: 'socket disconnected before secure TLS connection was established' } }],
      ['tls-certificate', { http: null, error: { phase: 'tls', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' } }],
      ['request-timeout', { http: null, tls: null, error: { phase: 'http', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' } }],
    ];
    for (const [id, over] of cases) {
      const report = probeReport(over);
      if (id === 'tls-certificate' && report.tls) report.tls = { ...report.tls, authorized: false, authorizationError: 'CERT_HAS_EXPIRED' };
      const ranked = rankCauses([], { probe: report });
      assert.equal(ranked[0]?.id, id, `${id}: ${JSON.stringify(ranked.slice(0, 3).map((c) => [c.id, c.confidence]))}`);
    }
  });
});
