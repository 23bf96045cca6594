import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'proxy-misconfigured',
  title: 'The proxy settings are wrong, or the proxy is down',
  classes: ['proxy', 'refused', 'dns', 'tls'],
  summary: [
    'The request went to a proxy that does not exist, is not running, wants credentials, or speaks another scheme.',
    'Check HTTP_PROXY / HTTPS_PROXY / NO_PROXY as the failing process sees them.',
  ],
  mechanism:
    'Most HTTP clients pick up proxy settings from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, ' +
    'in upper or lower case, with differences between tools about which they read). A stale or wrong value sends ' +
    'every request to the proxy instead of the server, and the errors then describe the proxy: "connection ' +
    'refused" when nothing listens at the proxy address, "could not resolve proxy" when its name is wrong, 407 ' +
    'when it wants credentials, or a TLS "wrong version number" when an https:// proxy URL points at a plain HTTP ' +
    'proxy. A missing NO_PROXY entry sends internal or localhost traffic to a proxy that cannot reach it.',
  raisedBy: [
    'The failure names the proxy: refused, unresolvable, 407, or a failed CONNECT',
    'A TLS "wrong version number" while a proxy variable is set',
    'Requests to internal hosts fail while public ones work (NO_PROXY missing)',
  ],
  loweredBy: ['No proxy variables are set and the request goes direct'],
  confirm: {
    probeArgs: [],
    lookFor:
      'proxy.url and proxy.source (which variable decided) in the report, and error.phase "proxy". Compare with a run ' +
      'where NO_PROXY covers the host.',
  },
  nextSteps: [
    'Print the proxy variables in the environment of the failing process (env | grep -i _proxy).',
    'Check that the proxy URL scheme matches the proxy (http:// for a plain HTTP proxy even for https targets).',
    'Add internal hosts and localhost to NO_PROXY; supply proxy credentials if it answers 407.',
  ],
  fixes: { go: [], php: [], node: [] },
  citations: [REF.connect, REF.status407, REF.curlProxy, REF.undiciEnvProxy, REF.undiciProxy],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'proxy', 3),
    ...byMarker(f, 'proxyAuth', 3),
    ...byMarker(f, 'proxyResolve', 4),
    ...byMarker(f, 'notTls', 1.2, 'typical of an https:// proxy URL pointing at a plain HTTP proxy'),
  ];
  const tunnel = f.hints.proxy_tunnel ?? 0;
  if (tunnel > 0 || hasClass(f, 'proxy')) {
    out.push(...byHint(f, 'proxy_tunnel', 2));
    if (hasClass(f, 'refused')) out.push({ w: 1.5, why: 'the proxy address refused the connection: no proxy is listening there' });
    if (hasClass(f, 'dns')) out.push({ w: 1, why: 'the proxy host name did not resolve' });
  }
  out.push(...byMarker(f, 'proxyTunnel', 0.5));
  if (hasClass(f, 'refused', 'dns') && (f.markers.proxyTunnel ?? 0) + (f.markers.proxyResolve ?? 0) === 0) {
    out.push(...byMarker(f, 'proxyWord', 1.5, 'the address that failed may be the proxy rather than the server'));
  }
  const p = f.probe;
  if (p?.error?.phase === 'proxy' && !/RESET|EOF/i.test(p.error.code)) out.push({ w: 3, why: `the probe failed at the proxy: ${p.error.code}` });
  if (p?.proxy && p.proxy.url === null && hasClass(f, 'proxy')) {
    out.push({ w: -0.5, why: `the probe's environment uses no proxy for this URL (${p.proxy.reason}); the failing process may have a different one` });
  }
  return out;
}

export const proxyMisconfigured: CauseModule = { info, weigh };
