import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'peer-crash-restart',
  title: 'The server process crashed, restarted or was redeployed',
  classes: ['reset', 'eof_closed', 'refused', 'broken_pipe'],
  summary: [
    'The process at the other end went away (crash, restart, deploy, scale-down) with connections still open.',
    'Check its logs and uptime at that moment; drain connections on shutdown.',
  ],
  mechanism:
    "A TCP connection lives in the kernels of both hosts, but it is only useful while the server process holding " +
    'it is alive. When that process crashes or is killed, its kernel closes the sockets it held: requests in flight ' +
    'get a reset or an abrupt end-of-file, and a client that later writes on one of those connections gets a ' +
    'reset, because to the kernel the connection no longer exists. If the whole host rebooted, any stray packet is ' +
    'answered with a reset for the same reason. While the replacement starts, new connections are refused. Rolling ' +
    'deploys and autoscalers produce the same picture when instances stop without draining: short bursts of ' +
    'resets and refusals that line up with deploy or restart times, not with idle periods.',
  raisedBy: [
    'Bursts of resets and refusals at the same moment, lining up with a deploy, restart or crash',
    'A proxy log says the upstream closed the connection prematurely or refused it',
    'Logs mention SIGTERM, OOM kills, panics or restarts',
  ],
  loweredBy: [
    'Failures recur at a regular idle period',
    'Only reused connections fail and fresh ones always work',
  ],
  confirm: {
    probeArgs: ['--reuse', '10'],
    lookFor:
      'failures on fresh connections as well as reused ones during a restart, or a refused connect (error.phase ' +
      '"tcp", ECONNREFUSED) while the service comes back. Compare with the server\'s start time (uptime, pod restarts).',
  },
  nextSteps: [
    "Check the server's logs, uptime and restart count (systemctl status, kubectl get pods) at the time of the failures.",
    'Look for OOM kills (dmesg, kubectl describe pod) and crashes.',
    'Make shutdowns graceful: stop accepting, finish in-flight requests, close idle keep-alive connections, then exit; in Kubernetes add a preStop delay.',
    'Retry idempotent requests once on a fresh connection.',
  ],
  fixes: { go: ['retry-idempotent'], php: ['retry-idempotent'], node: ['retry-idempotent'] },
  citations: [REF.tcpReset, REF.rfc793, REF.k8sTermination, REF.retrying, REF.idempotent],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'reset', 1.3),
    ...byClass(f, 'eof_closed', 1.2),
    ...byClass(f, 'refused', 1.2, '(nothing listens while the service restarts)'),
    ...byClass(f, 'broken_pipe', 0.8),
    ...byMarker(f, 'restart', 3),
    ...byMarker(f, 'upstreamPremature', 1.5),
    ...byMarker(f, 'emptyReply', 1),
    ...byMarker(f, 'noResponse', 0.5),
    ...byMarker(f, 'upstreamConnect', 0.8),
  ];
  if (hasClass(f, 'reset', 'eof_closed')) {
    out.push(...byHint(f, 'reading_body', 1, 'the response was cut off midway'), ...byHint(f, 'upstream', 1));
  }
  out.push(
    ...byMarker(f, 'goIdleClosed', -2, 'Go reports an idle pooled connection closed by a live server'),
    ...byHint(f, 'reused_connection', -0.3),
    ...byHint(f, 'tls_handshake', -1.5),
  );
  const c = f.cadence;
  if (c && c.regularity >= 0.6 && c.samples >= 3) out.push({ w: -1, why: `${c.description}: crashes rarely keep a regular period` });
  const fresh = f.probe?.reuse?.fresh;
  if (fresh && fresh.resets + fresh.eofs > 0) out.push({ w: 1.5, why: `the probe saw ${fresh.resets + fresh.eofs} failure(s) on fresh connections too` });
  return out;
}

export const peerCrashRestart: CauseModule = { info, weigh };
