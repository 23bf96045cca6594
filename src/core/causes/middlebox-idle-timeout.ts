import { REF } from './citations';
import { cadenceIdleMs, cadenceTrust, hasClass, onlyCurlCli, onlyRuntimes, reuseFailures } from './facts';
import { byClass, byHint, byMarker, fmtMs, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'middlebox-idle-timeout',
  title: 'A NAT, load balancer or firewall forgot an idle connection',
  classes: ['reset', 'eof_closed', 'broken_pipe', 'timeout'],
  summary: [
    'Something between client and server dropped its state for a connection that sat idle too long.',
    "Send TCP keep-alives more often than its timeout, or don't reuse connections idle that long.",
  ],
  mechanism:
    'NAT gateways, cloud load balancers and stateful firewalls keep a table entry for every TCP connection that ' +
    'passes through them, and they evict entries that see no packets for a while: 350 s on an AWS NAT gateway, ' +
    '4 minutes by default on an Azure load balancer, 20 minutes for established flows on Google Cloud NAT, and ' +
    'anything from 5 to 60 minutes on corporate firewalls. Neither endpoint is told. The client still believes the ' +
    'connection is open, so its pool hands it out again; the first packet after the pause reaches a device that no ' +
    'longer knows the flow. Depending on the device it answers with a reset (the client sees ECONNRESET), or drops ' +
    'the packet silently, and the request hangs until a timeout. The tell-tale sign is a failure on the first ' +
    'request after a pause of minutes, with everything fine while traffic keeps flowing.',
  raisedBy: [
    'Failures follow idle periods of minutes, with a regular period (e.g. ~350 s AWS NAT, ~240 s Azure, 1200 s GCP NAT)',
    'The failing request reused a connection that had been idle',
    'The probe sees idle connections killed with a reset (RST) rather than the orderly FIN a server sends',
  ],
  loweredBy: [
    'The endpoint is on loopback or the same host (no middlebox in the path)',
    'Failures come after a few seconds of idle (that is a server keep-alive timeout)',
    'The probe measures an orderly FIN close by the server before any middlebox timeout could fire',
  ],
  confirm: {
    probeArgs: ['--idle', '--max-idle', '600', '--reuse', '5'],
    lookFor:
      'keepAlive.closeKind "rst" (an endpoint closing idle connections normally sends a FIN) at a timeout of minutes, or ' +
      'a lowerBoundMs below the failure period while the failures recur at that period.',
  },
  nextSteps: [
    'List what sits between client and server: NAT gateway, cloud load balancer, firewall, VPN, service mesh sidecar.',
    "Look up each one's TCP idle timeout and compare it with the period between failures.",
    "Enable TCP keep-alive on the client's sockets with an interval well below the smallest of those timeouts.",
    "Or cap the pool's idle time below it, so connections are dropped by the client before the device forgets them.",
  ],
  fixes: {
    go: ['tcp-keepalive', 'keepalive-idle', 'retry-idempotent'],
    php: ['tcp-keepalive', 'keepalive-idle', 'retry-idempotent'],
    node: ['tcp-keepalive', 'keepalive-idle', 'retry-idempotent'],
  },
  citations: [
    REF.natTcp,
    REF.tcpKeepAlive,
    REF.awsNat,
    REF.awsFirewall,
    REF.azureLb,
    REF.gcpNat,
    REF.conntrack,
    REF.goDialer,
    REF.nodeSetKeepAlive,
    REF.curlTcpKeepAlive,
    REF.retrying,
  ],
};

/** Idle timeouts of well-known middleboxes, to name the likely one when a cadence matches. */
const KNOWN: { ms: number; name: string }[] = [
  { ms: 350_000, name: 'the AWS NAT gateway / Network Firewall idle timeout (350 s)' },
  { ms: 240_000, name: "an Azure load balancer's default idle timeout (4 min)" },
  { ms: 1_200_000, name: "Google Cloud NAT's default established-connection idle timeout (1200 s)" },
  { ms: 3_600_000, name: 'a common firewall session timeout (60 min)' },
];

export function weigh(f: Facts): Weight[] {
  const broke = hasClass(f, 'reset', 'eof_closed', 'broken_pipe');
  const out: Weight[] = [
    ...byClass(f, 'reset', 2),
    ...byClass(f, 'eof_closed', 0.8),
    ...byClass(f, 'broken_pipe', 1),
    ...byClass(f, 'timeout', 0.7, '(a device that drops packets silently makes a reused connection hang)'),
  ];
  if (broke || hasClass(f, 'timeout')) {
    out.push(...byHint(f, 'reused_connection', 1.5), ...byHint(f, 'idle_connection', 2));
  }
  out.push(
    ...byHint(f, 'connecting', -2, 'a middlebox idle timeout only hits established connections'),
    ...byHint(f, 'tls_handshake', -2, 'a connection in its handshake is not idle'),
    ...byMarker(f, 'goIdleClosed', -1, 'Go saw the close arrive on the idle connection, which a silent middlebox would not send'),
    ...when(f.loopback, -3, 'the endpoint is on loopback: there is no NAT, load balancer or firewall in the path'),
  );

  if (onlyCurlCli(f) && !f.cadence) {
    out.push({ w: -1.5, why: 'a curl command opens a fresh connection for its URL, and a fresh connection has not been idle' });
  } else if (onlyRuntimes(f, 'php') && hasClass(f, 'reset')) {
    out.push({ w: 0.8, why: 'libcurl (under PHP) notices orderly closes before reusing a connection, but not a middlebox that forgot the flow: that one surfaces as curl 56 on a reused handle' });
  }

  const c = f.cadence;
  if (c && (broke || hasClass(f, 'timeout'))) {
    const idle = cadenceIdleMs(c);
    const t = cadenceTrust(c);
    if (idle >= 120_000) {
      out.push({ w: 3 * t, why: `${c.description}: an idle period of ${fmtMs(idle)} is typical of NAT, load balancer and firewall timeouts` });
      const known = KNOWN.find((k) => Math.abs(idle - k.ms) <= k.ms * 0.06);
      if (known) out.push({ w: 1 * t, why: `${fmtMs(idle)} matches ${known.name}` });
    } else if (idle >= 60_000) {
      out.push({ w: 1.5 * t, why: `${c.description}: ${fmtMs(idle)} fits a load balancer idle timeout (often 60 s) as well as a server's` });
    } else {
      out.push({ w: -1 * t, why: `${c.description}: ${fmtMs(idle)} is shorter than middleboxes keep idle flows; a server keep-alive timeout fits better` });
    }
  }

  const p = f.probe;
  if (p) {
    const ka = p.keepAlive;
    if (ka?.idleTimeoutMs != null && ka.closeKind === 'rst') {
      out.push({ w: 2.5, why: `the probe saw idle connections killed by a reset after ${fmtMs(ka.idleTimeoutMs)}; endpoints close idle connections with a FIN` });
      if (ka.idleTimeoutMs >= 120_000) out.push({ w: 1, why: `and ${fmtMs(ka.idleTimeoutMs)} is a middlebox-sized timeout` });
    } else if (ka?.idleTimeoutMs != null && ka.closeKind === 'fin' && ka.idleTimeoutMs < 60_000) {
      out.push({ w: -1, why: `the probe measured the server itself closing idle connections with a FIN after ${fmtMs(ka.idleTimeoutMs)}` });
    }
    if (reuseFailures(p) > 0 && ka?.closeKind === 'rst') out.push({ w: 1, why: 'reused connections failed in the probe after idling past that timeout' });
  }
  return out;
}

export const middleboxIdleTimeout: CauseModule = { info, weigh };
