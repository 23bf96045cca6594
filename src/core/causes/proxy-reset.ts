import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'proxy-reset',
  title: 'A forward proxy reset the connection or the CONNECT tunnel',
  classes: ['proxy', 'reset', 'eof_closed'],
  summary: [
    'The HTTP proxy in the path cut the tunnel or connection: its policy, its own timeouts, or its upstream.',
    "Check the proxy's logs and policy for this host; compare with a request that bypasses it (NO_PROXY).",
  ],
  mechanism:
    'When HTTP_PROXY or HTTPS_PROXY is set (or a corporate network forces one), the client does not talk to the ' +
    'server directly: it asks the proxy to open a CONNECT tunnel, or hands it the whole request. The reset then ' +
    'comes from the proxy, for reasons of its own: a policy that blocks the destination or the TLS name, its own ' +
    "idle or total-time limits on tunnels, a failure to reach the server that it reports by closing the client's " +
    'connection, or a restart. The client only sees "connection reset" or "Proxy CONNECT aborted" and easily ' +
    'blames the server, which may never have seen the request.',
  raisedBy: [
    'The failure mentions the proxy or the CONNECT tunnel (curl "Proxy CONNECT aborted", Go "proxyconnect tcp")',
    'Proxy environment variables are set, and the same request works when the proxy is bypassed',
    'Long-lived tunnels (downloads, WebSockets) are cut at a fixed age',
  ],
  loweredBy: [
    'No proxy is configured and the endpoint is reached directly',
    'The proxy itself refuses connections or asks for credentials (that is a configuration problem, not a reset)',
  ],
  confirm: {
    probeArgs: [],
    lookFor:
      'error.phase "proxy" with a reset code. Run the probe once with the proxy environment and once with ' +
      'NO_PROXY=HOST (or the variables unset) and compare.',
  },
  nextSteps: [
    'Print the proxy settings the process sees: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY (upper and lower case).',
    "Look in the proxy's access log for the tunnel and the reason it ended.",
    'Ask whether the proxy inspects TLS or blocks the destination; add the host to NO_PROXY if it should go direct.',
  ],
  fixes: {
    go: ['retry-idempotent', 'timeouts'],
    php: ['retry-idempotent', 'timeouts'],
    node: ['retry-idempotent', 'timeouts'],
  },
  citations: [REF.connect, REF.tcpReset, REF.curlProxy, REF.undiciProxy, REF.undiciEnvProxy, REF.idempotent],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [...byClass(f, 'proxy', 2.2)];
  const broke = hasClass(f, 'reset', 'eof_closed');
  out.push(...byHint(f, 'proxy_tunnel', broke ? 2.5 : 1.5));
  if (hasClass(f, 'proxy') && broke) out.push({ w: 1.5, why: 'the proxy hop was reset or closed rather than refused' });
  out.push(
    ...byMarker(f, 'proxyTunnel', 2),
    ...byClass(f, 'refused', -2, '(a proxy that refuses connections is not running or misconfigured, not resetting)'),
    ...byMarker(f, 'proxyAuth', -2, 'an authentication demand is a configuration problem'),
    ...byMarker(f, 'proxyResolve', -2, 'the proxy could not even be found'),
  );
  const p = f.probe;
  if (p?.error?.phase === 'proxy' && /RESET|EOF|SOCKET|ABORT/i.test(p.error.code)) {
    out.push({ w: 3, why: `the probe's request through the proxy failed with ${p.error.code}` });
  }
  return out;
}

export const proxyReset: CauseModule = { info, weigh };
