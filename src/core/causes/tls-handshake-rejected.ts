import { REF } from './citations';
import { hasClass, hasErrno } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'tls-handshake-rejected',
  title: 'The server (or something in front of it) rejected the TLS handshake',
  classes: ['tls', 'reset', 'eof_closed'],
  summary: [
    'The connection was cut during the TLS handshake: protocol version, cipher, SNI or a TLS-inspecting box.',
    'Compare what the client offers (TLS version, SNI, ciphers) with what the server accepts.',
  ],
  mechanism:
    'Before any HTTP is exchanged, client and server agree on a TLS version and cipher, and the client names the ' +
    'site it wants in the Server Name Indication (SNI) extension. A server that cannot agree sends an alert such as ' +
    'handshake_failure or protocol_version; many simply drop the connection, which the client sees as a reset or an ' +
    'unexpected EOF in the middle of the handshake. Common reasons: the client only offers TLS versions or ciphers ' +
    'the server has disabled (or the reverse, an old server facing a TLS 1.3-only client), no SNI or an SNI the ' +
    'server does not host (typical when connecting by IP address), a server that wants a client certificate, or a ' +
    'firewall or TLS-inspecting proxy that resets handshakes to names it blocks. Because it happens before any ' +
    'request is sent, every attempt fails the same way, unlike idle-timeout races.',
  raisedBy: [
    'The reset or EOF happened during the TLS handshake (SSL_connect, "before secure TLS connection was established")',
    'A TLS alert is named: handshake failure, protocol version, no shared cipher',
    'Every attempt fails, on fresh connections, including the first one',
  ],
  loweredBy: [
    'The probe completes a TLS handshake with the same host name',
    'The error names a certificate problem (that is a verification failure on the client, not a rejection)',
    'The failure happened on a reused connection, long after its handshake',
  ],
  confirm: {
    probeArgs: [],
    lookFor:
      'error.phase "tls" with ECONNRESET or an alert code, or tls.protocol/tls.sni showing what was negotiated; repeat ' +
      'with the host name instead of an IP so SNI is sent. `openssl s_client -connect HOST:443 -servername HOST -tls1_2` ' +
      'narrows down the version.',
  },
  nextSteps: [
    'Connect by host name, not IP, so the client sends SNI; check that the name is one the server serves.',
    'Compare the TLS versions and ciphers the client offers with the server configuration (ssl_protocols, ssl_ciphers).',
    'Ask whether the server requires a client certificate (mutual TLS).',
    'Check for a firewall or TLS-inspecting proxy on the path: try the same request from another network.',
  ],
  // No client setting cures a refused handshake; the fix is in the TLS configuration on one side.
  fixes: { go: [], php: [], node: [] },
  citations: [REF.tlsAlerts, REF.sni, REF.tcpReset, REF.nodeTls, REF.curlErrors],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [...byClass(f, 'tls', 2.2)];
  // A handshake that timed out was not refused: the primary class decides, not a secondary tls.
  const broke = (f.primary.reset ?? 0) + (f.primary.eof_closed ?? 0) + (f.primary.tls ?? 0) > 0;
  if (broke) {
    out.push(...byHint(f, 'tls_handshake', 3));
    out.push(...byMarker(f, 'tlsRejected', 1.5));
  }
  if (hasClass(f, 'tls') && hasErrno(f, 'ECONNRESET', 'WSAECONNRESET', 'EPIPE')) {
    out.push({ w: 1.5, why: 'the connection was reset during TLS set-up, which is how servers and middleboxes usually refuse a handshake' });
  }
  out.push(
    ...byMarker(f, 'notTls', 1, 'the peer may be a plain-HTTP port or a proxy rather than a TLS server'),
    ...byMarker(f, 'certificate', -4, 'the handshake got far enough for the client to check the certificate'),
    ...byHint(f, 'reused_connection', -2, 'a reused connection finished its handshake long ago'),
    ...byClass(f, 'timeout', -2, '(a stalled handshake is more often the path or MTU than a refusal)'),
  );
  const p = f.probe;
  if (p) {
    if (p.error?.phase === 'tls') {
      const code = p.error.code;
      if (/RESET|EPIPE|ALERT|HANDSHAKE|PROTOCOL|SOCKET|EOF|CIPHER/i.test(code)) {
        out.push({ w: 4, why: `the probe's TLS handshake failed with ${code}: ${p.error.message}` });
      }
    } else if (p.tls) {
      out.push({ w: -3, why: `the probe completed a TLS handshake (${p.tls.protocol ?? 'TLS'}${p.tls.sni ? `, SNI ${p.tls.sni}` : ''})` });
    }
  }
  out.push(...when(f.loopback && hasClass(f, 'tls'), -0.3, 'on loopback no TLS-inspecting box can interfere'));
  return out;
}

export const tlsHandshakeRejected: CauseModule = { info, weigh };
