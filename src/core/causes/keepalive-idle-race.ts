import { REF } from './citations';
import { cadenceIdleMs, cadenceTrust, hasClass, hasRuntime, onlyCurlCli, onlyRuntimes, probeHealthy, reuseFailures } from './facts';
import { byClass, byHint, byMarker, fmtMs, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'keepalive-idle-race',
  title: 'Keep-alive idle race: the server closed a pooled connection as the client reused it',
  classes: ['reset', 'eof_closed', 'broken_pipe'],
  summary: [
    'The client picked an idle pooled connection at the moment the server was closing it.',
    "Keep the client's idle timeout below the server's, or retry idempotent requests once.",
  ],
  mechanism:
    'HTTP/1.1 clients keep finished connections in a pool so the next request can skip the TCP and TLS set-up. ' +
    'Servers do the same on their side, but only for a while: after their own idle timeout (nginx 75 s by default, ' +
    "Node's http server 5 s, a Go server whatever IdleTimeout says) they close the connection. The close travels as a " +
    'FIN, and the client only notices it when it next touches the socket. If the client takes that connection from ' +
    'its pool a moment before the FIN arrives, its request goes out on a socket the server has already let go of: ' +
    'the kernel on the server side answers the stray bytes with a reset, or the client reads end-of-file where it ' +
    'expected a status line. The window is small (about a millisecond on loopback), so the failure looks random, ' +
    "but it strikes only requests that reuse a connection after it sat idle for about the server's timeout. " +
    'Nothing is wrong with either side; the two idle timers are simply set the wrong way round.',
  raisedBy: [
    'Go "http: server closed idle connection", undici "other side closed", Node "socket hang up", Python RemoteDisconnected, Apache HttpClient NoHttpResponseException, OkHttp "unexpected end of stream", curl 52',
    'The failing request went out on a reused connection, after the connection had been idle',
    'Failures recur at an interval of seconds (a server keep-alive timeout) rather than minutes',
    'The probe measures an orderly (FIN) idle close after a few seconds and reused connections fail after idling that long',
  ],
  loweredBy: [
    'The failure happened while connecting or during the TLS handshake (a fresh connection cannot be stale)',
    'The server sends "Connection: close" (nothing is kept alive) or announces Keep-Alive: timeout= to a client that honours it',
    'Reused connections survive idles around the measured timeout in the probe',
    'Failures recur every several minutes, which points at a NAT or load balancer instead',
  ],
  confirm: {
    probeArgs: ['--idle', '--reuse', '10'],
    lookFor:
      'keepAlive.closeKind "fin" with an idleTimeoutMs of a few seconds, and reuse.resets or reuse.eofs above zero when ' +
      'requests reuse a connection idled for about that long.',
  },
  nextSteps: [
    "Find the server's keep-alive idle timeout (nginx keepalive_timeout, haproxy timeout http-keep-alive, Node server.keepAliveTimeout, Go Server.IdleTimeout) or measure it with the probe.",
    "Set the client's idle timeout for pooled connections clearly below it (Go Transport.IdleConnTimeout, undici keepAliveTimeout, Node Agent timeout, libcurl CURLOPT_MAXAGE_CONN).",
    'Retry once on a fresh connection, but only for idempotent requests or requests carrying an idempotency key.',
    'If the server is yours, make its idle timeout longer than every client and proxy in front of it.',
  ],
  fixes: {
    go: ['keepalive-idle', 'disable-keepalive', 'retry-idempotent'],
    php: ['keepalive-idle', 'disable-keepalive', 'retry-idempotent'],
    node: ['keepalive-idle', 'disable-keepalive', 'retry-idempotent'],
  },
  citations: [
    REF.persistence,
    REF.retrying,
    REF.tearDown,
    REF.idempotent,
    REF.goTransport,
    REF.undiciClient,
    REF.nodeAgent,
    REF.curlMaxAge,
    REF.curlForbidReuse,
    REF.nginxKeepAlive,
  ],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'eof_closed', 3),
    ...byClass(f, 'reset', 2.5),
    ...byClass(f, 'broken_pipe', 1.5),
  ];
  const broke = hasClass(f, 'reset', 'eof_closed', 'broken_pipe');
  if (broke) {
    out.push(
      ...byHint(f, 'reused_connection', 2.5),
      ...byHint(f, 'idle_connection', 2),
      ...byHint(f, 'reading_headers', 0.5, 'the connection ended before the server answered'),
      ...((f.hints.reused_connection ?? 0) > 0
        ? byHint(f, 'upstream', 1, "a proxy's pooled upstream connections race the application's idle timeout too")
        : byHint(f, 'upstream', -0.5, 'proxies such as nginx open fresh upstream connections unless upstream keep-alive is configured')),
    );
  }
  out.push(
    ...byMarker(f, 'goIdleClosed', 4),
    ...byMarker(f, 'undiciOtherSide', 3),
    ...byMarker(f, 'remoteDisconnected', 3),
    ...byMarker(f, 'hangUp', 1.5),
    ...byMarker(f, 'noResponse', 2),
    ...byMarker(f, 'emptyReply', 1.5),
    ...byHint(f, 'connecting', -3, 'a connection that is still being opened cannot be stale'),
    ...byHint(f, 'tls_handshake', -3, 'a connection in its handshake is new, not reused'),
    ...byHint(f, 'reading_body', -1, 'the server had already started answering'),
  );

  if (broke && onlyCurlCli(f)) {
    out.push({ w: -1.5, why: 'a curl command opens a fresh connection for its URL, so there is no idle pooled connection to go stale (unless it fetched several URLs in one run)' });
  } else if (broke && onlyRuntimes(f, 'php')) {
    // Measured with PHP 8.2 / libcurl 7.88 (FIELD-NOTES): no failures against servers closing idle connections with a FIN.
    out.push({ w: -1, why: "libcurl (under PHP) checks a pooled connection before reusing it, so a server's orderly idle close rarely surfaces" });
  }

  const c = f.cadence;
  if (c && broke) {
    const idle = cadenceIdleMs(c);
    const t = cadenceTrust(c);
    if (idle < 60_000) out.push({ w: 2.5 * t, why: `${c.description}: an idle period of ${fmtMs(idle)} matches a server keep-alive timeout` });
    else if (idle < 120_000) out.push({ w: 1.5 * t, why: `${c.description}: ${fmtMs(idle)} fits a server keep-alive timeout (nginx defaults to 75 s) as well as a load balancer` });
    else if (idle >= 300_000) out.push({ w: -1 * t, why: `${c.description}: servers rarely keep idle connections for ${fmtMs(idle)}; a NAT or firewall is more likely` });
  }

  const p = f.probe;
  if (p) {
    const ka = p.keepAlive;
    const failures = reuseFailures(p);
    if (ka?.idleTimeoutMs != null) {
      const close = ka.closeKind === 'rst' ? 'a reset' : ka.closeKind === 'fin' ? 'an orderly FIN' : 'a close';
      if (ka.closeKind === 'rst') {
        const w = ka.idleTimeoutMs >= 120_000 ? -1.5 : -0.5;
        out.push({ w, why: `the probe saw idle connections reset after ${fmtMs(ka.idleTimeoutMs)}; servers close idle connections with a FIN, middleboxes with a reset` });
      } else if (failures > 0 || broke) {
        const w = ka.closeKind === 'fin' ? 2 : 1;
        out.push({ w, why: `the probe measured that the server closes idle connections after ${fmtMs(ka.idleTimeoutMs)} with ${close}` });
      }
    } else if (ka && ka.lowerBoundMs != null && ka.idleTimeoutMs == null) {
      out.push({ w: -1, why: `the probe kept an idle connection open for ${fmtMs(ka.lowerBoundMs)} without the server closing it` });
    }
    if (p.reuse && failures > 0) {
      out.push({ w: ka?.closeKind === 'rst' ? 2 : 3, why: `the probe saw ${p.reuse.resets} reset(s) and ${p.reuse.eofs} EOF(s) in ${p.reuse.attempts} requests on reused connections after idling` });
    } else if (p.reuse && p.reuse.attempts >= 3) {
      out.push({ w: -1.5, why: `all ${p.reuse.attempts} probe requests on reused connections after idling succeeded` });
    }
    const fresh = p.reuse?.fresh;
    if (fresh && fresh.attempts > 0) {
      const freshFailures = fresh.resets + fresh.eofs;
      if (freshFailures > 0) out.push({ w: -1.5, why: `fresh connections failed in the probe too (${freshFailures} of ${fresh.attempts}), so staleness is not the whole story` });
      else if (failures > 0) out.push({ w: 1, why: `all ${fresh.attempts} probe requests on fresh connections succeeded; only reused ones failed` });
    }
    if (p.http?.connectionClose) out.push({ w: -2, why: 'the server answers with "Connection: close", so nothing is kept alive' });
    const hint = p.http?.keepAliveHint?.timeoutSeconds;
    if (hint != null && hasRuntime(f, 'undici', 'node', 'fetch')) {
      out.push({ w: -0.5, why: `the server announces Keep-Alive: timeout=${hint}, which undici and Node's agent honour` });
    }
    if (probeHealthy(p) && !broke && failures === 0) out.push({ w: -0.5, why: 'the probe completed its requests without an error' });
  }
  out.push(...when(f.loopback && broke, 0.3, 'the endpoint is on loopback, where no middlebox can be involved'));
  return out;
}

export const keepaliveIdleRace: CauseModule = { info, weigh };
