import { REF } from './citations';
import { hasClass, hasErrno } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'service-not-listening',
  title: 'Connection refused: nothing is listening at that address and port',
  classes: ['refused'],
  summary: [
    "The target host answered the connection attempt with a reset: no process listens on that port there.",
    'Check the host, port and IP family, and that the service is running and bound to the right interface.',
  ],
  mechanism:
    'When a SYN reaches a host where no socket listens on the destination port, the kernel answers with a reset ' +
    'and the client reports ECONNREFUSED ("connection refused", WSAECONNREFUSED 10061 on Windows, curl 7). Nothing ' +
    'of the request was sent, so it is always safe to try again. The usual reasons are mundane: the service is not ' +
    'running or still starting, it listens on another port, it is bound to 127.0.0.1 while the client comes from ' +
    'outside (or to IPv4 while "localhost" resolved to ::1), or the client uses a stale address from configuration ' +
    'or DNS. Inside containers, "localhost" means the container itself, not the host.',
  raisedBy: [
    'ECONNREFUSED / "connection refused" / curl 7 while connecting',
    'The service was restarting or deploying at that time',
    'localhost resolving to ::1 while the server listens on 127.0.0.1 only (or the reverse)',
  ],
  loweredBy: ['The connection was established before it failed (a reset later is something else)', 'A proxy is in the path and it is the proxy that refuses'],
  confirm: {
    probeArgs: [],
    lookFor:
      'error.phase "tcp" with code ECONNREFUSED, and connects[] showing which addresses (IPv4/IPv6) refused. On the ' +
      'server, `ss -ltnp` lists listening sockets and the addresses they are bound to.',
  },
  nextSteps: [
    'On the server: `ss -ltnp | grep PORT` (or netstat -ano on Windows) to see whether and where it listens.',
    'Check the bind address (0.0.0.0 / :: versus 127.0.0.1) and the IP family localhost resolves to.',
    'In containers, address the service by its service name or the host gateway, not localhost.',
    'If it happens only during deploys, retry with backoff: a refused connection never reached the application.',
  ],
  fixes: { go: ['retry-idempotent', 'timeouts'], php: ['retry-idempotent', 'timeouts'], node: ['retry-idempotent', 'timeouts'] },
  citations: [REF.connect2, REF.tcpReset, REF.nodeErrors, REF.winsockErrors, REF.curlErrors],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'refused', 4.5),
    ...when(hasErrno(f, 'ECONNREFUSED', 'WSAECONNREFUSED'), 0.5, 'the errno is ECONNREFUSED: the host answered the SYN with a reset'),
  ];
  if (hasClass(f, 'refused')) {
    out.push(
      ...when(f.loopback, 0.8, 'on loopback nothing stands between client and port, so the port is simply closed'),
      ...byHint(f, 'proxy_tunnel', -1.5, 'the refusal came from the proxy hop'),
      ...byMarker(f, 'upstreamConnect', 0.5, 'the proxy found no application listening upstream'),
      ...byClass(f, 'proxy', -1),
    );
  }
  const p = f.probe;
  if (p?.error?.phase === 'tcp' && (p.error.code === 'ECONNREFUSED' || p.error.code === 'WSAECONNREFUSED')) {
    out.push({ w: 5, why: `the probe's TCP connect was refused (${p.error.code})` });
  } else if (p && p.error === null && p.http !== null) {
    out.push({ w: -2.5, why: 'the probe connected to the service' });
  }
  return out;
}

export const serviceNotListening: CauseModule = { info, weigh };
