import { REF } from './citations';
import { byClass, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'dns-resolution',
  title: 'The host name could not be resolved',
  classes: ['dns'],
  summary: [
    'The resolver returned no address for the name: a typo, a missing record, or a resolver that is down.',
    'ENOTFOUND means the name does not exist for this resolver; EAI_AGAIN means try again later.',
  ],
  mechanism:
    'Before connecting, the client asks the system resolver (getaddrinfo, which reads /etc/hosts, then DNS) for ' +
    'the addresses of the host name. Two answers come back as errors. "Not found" (ENOTFOUND, EAI_NONAME, Go "no ' +
    'such host", curl 6) means the resolver is sure there is no such name: a typo, a record that was never created ' +
    'or was deleted, or a split-horizon name that only resolves inside a VPN or cluster. "Try again" (EAI_AGAIN, ' +
    'SERVFAIL) means the resolver could not get an answer at all: the DNS server is unreachable, overloaded or ' +
    'misconfigured, which tends to come and go. No connection was attempted, so nothing was sent.',
  raisedBy: ['ENOTFOUND, EAI_AGAIN, "no such host", "Could not resolve host"'],
  loweredBy: ['The probe resolves the same name'],
  confirm: {
    probeArgs: [],
    lookFor: 'error.phase "dns" and its code; addresses[] lists what the name resolves to when it works. Compare with `getent hosts NAME` and `dig NAME`.',
  },
  nextSteps: [
    'Check the spelling and whether the record exists: `dig NAME`, `getent hosts NAME` (which also reads /etc/hosts).',
    'Check /etc/resolv.conf (or the container\'s DNS) and whether the name needs a VPN or cluster DNS.',
    'For EAI_AGAIN, check resolver health and consider caching; retry with backoff.',
  ],
  fixes: { go: ['retry-idempotent'], php: ['retry-idempotent'], node: ['retry-idempotent'] },
  citations: [REF.getaddrinfo, REF.nodeDns, REF.curlErrors],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'dns', 5),
    ...byMarker(f, 'dnsTemporary', 0.3, 'the resolver itself failed, which tends to be intermittent'),
    ...byMarker(f, 'proxyResolve', -1.5, 'the name that failed is the proxy\'s'),
  ];
  const p = f.probe;
  if (p?.error?.phase === 'dns') out.push({ w: 5, why: `the probe could not resolve the name (${p.error.code})` });
  else if (p && p.addresses.length > 0) out.push({ w: -2, why: `the probe resolved the name to ${p.addresses.slice(0, 3).join(', ')}` });
  return out;
}

export const dnsResolution: CauseModule = { info, weigh };
