import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'firewall-reject',
  title: 'A firewall or security policy rejects or drops the connection',
  classes: ['reset', 'refused', 'timeout', 'host_unreachable'],
  summary: [
    'A packet filter on the path (host firewall, security group, corporate firewall, IDS) blocks this flow.',
    'REJECT rules look like resets or refusals, DROP rules like connect timeouts; check the rules for this port.',
  ],
  mechanism:
    'Firewalls can turn a connection away in three ways, and each surfaces differently in the client. A REJECT ' +
    'with a TCP reset, or with the ICMP port-unreachable that iptables sends by default, looks exactly like a closed ' +
    'port (ECONNREFUSED) when it hits the SYN, or like a reset by the server when it fires later, for instance when ' +
    'an intrusion-prevention system dislikes the content. A REJECT with an ICMP "host prohibited" or ' +
    '"administratively prohibited" message makes connect fail with EHOSTUNREACH or ENETUNREACH, and a rule on the ' +
    'local machine that blocks outgoing packets makes it fail with EPERM ("operation not permitted"). A DROP sends ' +
    'nothing back, so the client retransmits its SYN and finally times out. The giveaway is ' +
    'consistency: the same destination and port fail from this network every time, while other networks or other ' +
    'ports on the same host work.',
  raisedBy: [
    'Connect timeouts or refusals to a service that is known to be up, from this network only',
    'EHOSTUNREACH, EPERM or "administratively prohibited" while connecting',
    'Resets right after specific content is sent (an intrusion-prevention system)',
  ],
  loweredBy: [
    'The endpoint is on loopback',
    'The same request works from this host at other times (firewalls are consistent)',
    'Failures follow idle periods or reused connections',
  ],
  confirm: {
    probeArgs: [],
    lookFor:
      'error.phase "tcp" with ETIMEDOUT (dropped) or ECONNREFUSED/EHOSTUNREACH (rejected) on every address, while ' +
      'the same probe from another network connects. `traceroute -T -p PORT HOST` shows where the path stops.',
  },
  nextSteps: [
    'Check the host firewall on both ends (iptables -S / nft list ruleset, ufw, Windows Firewall) for the port.',
    'Check cloud security groups and network ACLs, and any corporate firewall or proxy policy.',
    'Test from another network or host to see whether the block is local to this path.',
  ],
  fixes: { go: ['timeouts'], php: ['timeouts'], node: ['timeouts'] },
  citations: [REF.iptablesReject, REF.icmpSoftErrors, REF.tcpReset, REF.connect2],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'refused', 1.2, '(a REJECT rule answers like a closed port)'),
    ...byClass(f, 'host_unreachable', 1.3, '(ICMP prohibited answers surface as unreachable)'),
    ...byClass(f, 'reset', 0.6),
    ...byMarker(f, 'prohibited', 3),
  ];
  if (hasClass(f, 'timeout')) {
    out.push(...byMarker(f, 'connectTimeout', 1.5, 'a DROP rule makes the connection attempt time out'));
    out.push(...byHint(f, 'connecting', 1));
  }
  out.push(
    ...when(f.loopback, -2.5, 'the endpoint is on loopback, which firewalls rarely filter'),
    ...byHint(f, 'reused_connection', -1.5, 'the connection was allowed when it was opened'),
    ...byHint(f, 'idle_connection', -1),
  );
  const p = f.probe;
  if (p?.error?.phase === 'tcp') {
    if (p.error.code === 'ETIMEDOUT') out.push({ w: 2, why: 'the probe\'s TCP connect timed out: packets to the port are dropped' });
    if (p.error.code === 'EHOSTUNREACH' || p.error.code === 'EACCES' || p.error.code === 'EPERM') out.push({ w: 2, why: `the probe's connect failed with ${p.error.code}` });
  }
  if (p && p.error === null && p.http !== null) out.push({ w: -2, why: 'the probe connected and got a response' });
  return out;
}

export const firewallReject: CauseModule = { info, weigh };
