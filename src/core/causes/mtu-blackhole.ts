import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'mtu-blackhole',
  title: 'Path MTU black hole: large packets vanish on the way',
  classes: ['timeout', 'reset', 'tls'],
  summary: [
    'Small packets get through but full-size ones are dropped somewhere (VPN, tunnel, overlay network).',
    'Large uploads, responses or TLS handshakes stall; lower the MTU/MSS or enable MTU probing.',
  ],
  mechanism:
    'TCP sends segments as large as the local interface allows, usually 1500 bytes on Ethernet. Tunnels, VPNs, ' +
    'PPPoE links and container overlays add headers, so somewhere on the path the largest packet that fits is ' +
    'smaller. Path MTU discovery relies on routers answering oversized packets with an ICMP "fragmentation needed" ' +
    '(or "packet too big" in IPv6) message; when a firewall filters that ICMP, the big packets are dropped without a ' +
    'word. The connection opens fine and small exchanges work, but the first full-size packet, often the server ' +
    'certificate chain in a TLS handshake, a large response or a big upload, never arrives. The transfer stalls and ' +
    'ends in a timeout, or a confused middlebox resets it.',
  raisedBy: [
    'Connections open, then stall at the TLS handshake or on large bodies, while small requests work',
    'The client is behind a VPN, tunnel, PPPoE or container overlay network',
    'Timeouts rather than immediate errors, reproducible with large payloads only',
  ],
  loweredBy: [
    'The endpoint is on loopback or the same host',
    'Large requests and responses succeed in the probe',
    'Failures come right after idle periods (idle timeouts) or while connecting',
  ],
  confirm: {
    probeArgs: ['--large-request'],
    lookFor:
      'checks.largeRequest ending in a timeout after part of the body was written, while small requests succeed. Also `ping -M do -s 1472 HOST` (Linux) ' +
      'fails where `-s 1200` works, and `connection-doctor doctor` lists interface MTUs.',
  },
  nextSteps: [
    'Compare interface MTUs on the client (ip link) with what the path carries: try `ping -M do -s SIZE HOST` with decreasing sizes.',
    'Enable TCP MTU probing on Linux (net.ipv4.tcp_mtu_probing=1) or clamp the MSS on the tunnel or router.',
    'Let ICMP "fragmentation needed" / "packet too big" through firewalls.',
  ],
  // The cure is in the network configuration; a shorter timeout only makes the stall fail faster.
  fixes: { go: ['timeouts'], php: ['timeouts'], node: ['timeouts'] },
  citations: [REF.pmtud, REF.pmtudProblems, REF.plpmtud, REF.ipSysctl, REF.tcp7],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'timeout', 0.8),
    ...byClass(f, 'reset', 0.3),
    ...byMarker(f, 'mtu', 3.5),
  ];
  if (hasClass(f, 'timeout', 'tls', 'reset')) {
    out.push(
      ...byHint(f, 'tls_handshake', hasClass(f, 'timeout') ? 1.5 : 0.5, 'the server certificate is the first large packet of a connection'),
      ...byHint(f, 'reading_body', 1, 'a large response stalled midway'),
      ...byHint(f, 'writing_body', 0.8, 'a large upload stalled'),
    );
  }
  out.push(
    ...when(f.loopback, -3, 'the endpoint is on loopback, where the MTU is the same end to end'),
    ...byHint(f, 'connecting', -1.5, 'connection set-up uses small packets only'),
    ...byHint(f, 'reused_connection', -0.5),
    ...byHint(f, 'idle_connection', -1),
  );
  const large = f.probe?.checks?.largeRequest;
  if (large) {
    if (large.outcome === 'timeout') out.push({ w: 3, why: `the probe's large request stalled after ${large.bytesWritten} of ${large.bodyBytes} bytes` });
    else if (large.outcome === 'ok') out.push({ w: -2, why: `the probe sent a ${large.bodyBytes}-byte request without trouble` });
  }
  return out;
}

export const mtuBlackhole: CauseModule = { info, weigh };
