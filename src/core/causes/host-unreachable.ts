import { REF } from './citations';
import { byClass, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'host-unreachable',
  title: 'No route to the host or network',
  classes: ['host_unreachable'],
  summary: [
    'The local stack or a router reported that the destination cannot be reached from here.',
    'Check routes, VPN state, IPv6 availability and whether the host is up.',
  ],
  mechanism:
    'Before a SYN can even reach the server, the packet needs a route. ENETUNREACH ("network is unreachable") ' +
    'comes from the local machine when it has no route at all for that destination, which is common when a name ' +
    'resolves to an IPv6 address on a host without IPv6 connectivity, or when a VPN route is missing. EHOSTUNREACH ' +
    '("no route to host") usually comes back from a router or the local network as an ICMP message: the host did ' +
    'not answer ARP on its subnet (it is down or the address is wrong), or a firewall rejects with ' +
    'host-unreachable. Nothing was sent to the application.',
  raisedBy: ['ENETUNREACH / EHOSTUNREACH while connecting', 'The name resolves to IPv6 on a machine without IPv6 routes'],
  loweredBy: ['The probe connects to the same address'],
  confirm: {
    probeArgs: [],
    lookFor: 'error.phase "tcp" with EHOSTUNREACH or ENETUNREACH, and connects[] showing which address family failed.',
  },
  nextSteps: [
    'Check the routing table (`ip route get ADDRESS`) and the VPN connection.',
    'If only IPv6 addresses fail, prefer IPv4 or fix IPv6 routing.',
    'Check that the host is up and the address is right; a firewall REJECT rule can also produce this.',
  ],
  fixes: { go: ['timeouts'], php: ['timeouts'], node: ['timeouts'] },
  citations: [REF.connect2, REF.icmpSoftErrors, REF.nodeErrors],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'host_unreachable', 4.5),
    ...byMarker(f, 'netUnreach', 0.3, 'the local machine has no route for the destination'),
    ...when(f.loopback, -1, 'loopback is always routable'),
    ...byMarker(f, 'prohibited', -2, 'the unreachable answer is a policy refusal, not a missing route'),
  ];
  const p = f.probe;
  if (p?.error?.phase === 'tcp' && /EHOSTUNREACH|ENETUNREACH/.test(p.error.code)) out.push({ w: 5, why: `the probe's connect failed with ${p.error.code}` });
  else if (p && p.error === null && p.http !== null) out.push({ w: -2.5, why: 'the probe reached the host' });
  return out;
}

export const hostUnreachable: CauseModule = { info, weigh };
