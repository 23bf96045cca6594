import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'server-overload',
  title: 'The server (or a proxy in front of it) is out of capacity and sheds connections',
  classes: ['reset', 'eof_closed', 'refused', 'timeout'],
  summary: [
    'The server ran out of connections, workers or file descriptors and dropped or reset new work.',
    'Look at its load and limits; back off and retry idempotent requests.',
  ],
  mechanism:
    'Every server has finite room: a listen backlog for connections the application has not accepted yet, a ' +
    'maximum number of connections or workers, and a file-descriptor limit. When a burst fills them, the excess ' +
    'has to go somewhere. Depending on the software and kernel settings, a new connection is reset right after ' +
    'it is accepted, or its SYN is dropped so that the client times out while connecting, or a proxy answers 503. ' +
    'Connections already open can be closed abruptly too, when a worker gives up on a slow request or the process ' +
    'sheds load. Such failures arrive in clusters that follow traffic peaks rather than idle periods, and they hit ' +
    'fresh connections as readily as reused ones.',
  raisedBy: [
    'Errors cluster at busy times and hit new connections as well as reused ones',
    'Logs mention 503, "too many open files", worker_connections, maxconn, the accept queue or SYN flooding',
    'Resets or timeouts while connecting to a server that is known to be running',
  ],
  loweredBy: [
    'Failures follow idle periods with a regular cadence (an idle timeout)',
    'The probe connects and completes requests quickly',
  ],
  confirm: {
    probeArgs: ['--reuse', '20'],
    lookFor:
      'resets on fresh connections too (not only reused ones), a slow connectMs or ttfbMs, or an http.status of 503. A ' +
      'single probe rarely reproduces overload: compare with the server\'s own metrics at the time of the failures.',
  },
  nextSteps: [
    "Check the server's connection and worker metrics, and its logs, at the times of the failures.",
    'Check limits: ulimit -n, nginx worker_connections, haproxy maxconn, the listen backlog and net.core.somaxconn.',
    'On Linux, `nstat -az TcpExtListenOverflows TcpExtListenDrops` counts connections the accept queue refused.',
    'Make clients back off with jitter and retry only idempotent requests; cap their concurrency.',
  ],
  fixes: {
    go: ['retry-idempotent', 'timeouts'],
    php: ['retry-idempotent', 'timeouts'],
    node: ['retry-idempotent', 'timeouts'],
  },
  citations: [REF.listen2, REF.ipSysctl, REF.status503, REF.nginxWorkerConnections, REF.haproxy, REF.idempotent, REF.retrying],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'reset', 1.3),
    ...byClass(f, 'eof_closed', 0.8),
    ...byClass(f, 'timeout', 1.2),
    ...byClass(f, 'refused', 0.5),
    ...byMarker(f, 'overload', 3.5),
    ...byMarker(f, 'emptyReply', 0.5),
    ...byMarker(f, 'upstreamPremature', 0.7),
  ];
  if (hasClass(f, 'reset', 'eof_closed', 'timeout')) {
    out.push(
      ...byHint(f, 'reading_headers', 1, 'the server accepted the request but did not answer'),
      ...byHint(f, 'upstream', 0.8, 'the application behind the proxy stopped answering'),
      ...byHint(f, 'connecting', 0.5),
    );
  }
  out.push(
    ...byMarker(f, 'goIdleClosed', -1.5, 'Go reports a close of an idle pooled connection, not a busy server'),
    ...byHint(f, 'reused_connection', -0.5, 'overload hits fresh connections just as much, so a reuse-only pattern points elsewhere'),
  );
  const c = f.cadence;
  if (c && c.regularity >= 0.6 && c.samples >= 3) out.push({ w: -1, why: `${c.description}: a regular period suggests a timer rather than load` });
  const p = f.probe;
  if (p) {
    out.push(...when(p.http?.status === 503, 2, 'the probe got 503 Service Unavailable'));
    out.push(...when(p.error?.phase === 'tcp' && p.error.code === 'ECONNRESET', 1.5, 'the probe was reset right after connecting'));
    const fresh = p.reuse?.fresh;
    if (fresh && fresh.resets + fresh.eofs > 0) out.push({ w: 1.5, why: `the probe saw failures on fresh connections too (${fresh.resets + fresh.eofs} of ${fresh.attempts})` });
    out.push(...when(p.error === null && p.http !== null && (p.phases.ttfbMs ?? 0) < 1000, -0.5, 'the probe got a quick answer'));
  }
  return out;
}

export const serverOverload: CauseModule = { info, weigh };
