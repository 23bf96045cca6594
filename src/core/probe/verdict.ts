/**
 * The probe's verdict: which causes the measurements point at, how strongly, and why; and the
 * fixes to apply with their parameters. Pure: a function of the report, so it is testable with
 * hand-made reports as well as real ones.
 */
import type { CauseId, FixParams, ProbeReport, RankedCause, Recommendation } from '../types';
import { isEofCode, isResetCode, isTimeoutCode } from './errors';

export type ReportFacts = Omit<ProbeReport, 'causes' | 'recommendations'>;

export interface VerdictContext {
  /** The per-phase deadline the probe ran with, ms. */
  timeoutMs?: number;
}

/** Certificate verification failures (OpenSSL's names, as Node reports them). */
const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|HOSTNAME/;

/** The below-server client idle timeout: min(server − 1000, 0.75 × server), not under 250 ms. */
export function clientIdleFor(serverIdleMs: number): number {
  return Math.max(250, Math.round(Math.min(serverIdleMs - 1000, serverIdleMs * 0.75)));
}

class Verdict {
  private causes = new Map<CauseId, RankedCause>();
  private recs: Recommendation[] = [];

  /** Raises `id` to at least `confidence` and adds the evidence. */
  add(id: CauseId, confidence: number, evidence: string): void {
    const c = this.causes.get(id);
    if (c) {
      c.confidence = Math.max(c.confidence, confidence);
      if (!c.evidence.includes(evidence)) c.evidence.push(evidence);
    } else this.causes.set(id, { id, confidence, evidence: [evidence] });
  }

  recommend(fix: Recommendation['fix'], params: FixParams): void {
    if (!this.recs.some((r) => r.fix === fix)) this.recs.push({ fix, params });
  }

  result(): { causes: RankedCause[]; recommendations: Recommendation[] } {
    const causes = [...this.causes.values()]
      .map((c) => ({ ...c, confidence: Math.round(Math.min(0.99, c.confidence) * 100) / 100 }))
      .sort((a, b) => b.confidence - a.confidence);
    return { causes, recommendations: this.recs };
  }
}

function secs(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function recommendIdle(v: Verdict, serverIdleMs: number): void {
  const clientIdleMs = clientIdleFor(serverIdleMs);
  if (clientIdleMs >= serverIdleMs || serverIdleMs < 1000) {
    v.recommend('disable-keepalive', { serverIdleMs });
    if (clientIdleMs < serverIdleMs) v.recommend('keepalive-idle', { serverIdleMs, clientIdleMs });
    return;
  }
  v.recommend('keepalive-idle', { serverIdleMs, clientIdleMs });
}

function timeoutsRec(v: Verdict, r: ReportFacts, ctx: VerdictContext): void {
  const connect = r.phases.connectMs;
  v.recommend('timeouts', {
    connectTimeoutMs: connect !== null ? Math.max(1000, Math.round(connect * 10)) : 5000,
    totalTimeoutMs: ctx.timeoutMs ?? 30_000,
  });
}

function judgeError(v: Verdict, r: ReportFacts, ctx: VerdictContext): void {
  const e = r.error;
  if (!e) return;
  const code = e.code;
  const at = e.afterMs !== undefined ? ` after ${secs(e.afterMs)}` : '';
  const said = `${e.phase} phase failed with ${code}${at}`;
  if (e.phase === 'dns') {
    v.add('dns-resolution', 0.95, `${said}: the name does not resolve from here`);
    return;
  }
  if (isTimeoutCode(code)) {
    v.add('request-timeout', 0.8, `${said}: ${e.message}`);
    timeoutsRec(v, r, ctx);
  }
  if (e.phase === 'tcp') {
    if (code === 'ECONNREFUSED') {
      v.add('service-not-listening', 0.85, `${said}: nothing accepts connections on that port (the host answered the SYN with RST)`);
      v.add('firewall-reject', 0.25, 'a firewall rule that rejects with a TCP reset looks the same from here');
    } else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      v.add('host-unreachable', 0.9, `${said}: no route to the host`);
    } else if (isTimeoutCode(code)) {
      v.add('firewall-reject', 0.55, 'the SYN went unanswered: a filtering firewall drops it, or the host is down');
      v.add('host-unreachable', 0.35, 'a host that is down also leaves the SYN unanswered');
    } else if (isResetCode(code)) {
      v.add('server-overload', 0.6, `${said}: the connection was reset while being set up`);
    }
    return;
  }
  if (e.phase === 'proxy') {
    if (isResetCode(code)) v.add('proxy-reset', 0.9, `${said}: the proxy reset the tunnel request (CONNECT) instead of answering it`);
    else if (isEofCode(code)) v.add('proxy-reset', 0.6, `${said}: the proxy closed the connection without answering CONNECT`);
    else if (code.startsWith('PROXY_STATUS_')) v.add('proxy-misconfigured', 0.85, `${said}: ${e.message}`);
    else if (code === 'ECONNREFUSED') v.add('proxy-misconfigured', 0.85, `${said}: nothing listens at the proxy address ${r.proxy?.url ?? ''}`.trim());
    else if (!isTimeoutCode(code)) v.add('proxy-misconfigured', 0.5, `${said}: ${e.message}`);
    return;
  }
  if (e.phase === 'tls') {
    if (CERT_CODES.test(code)) {
      v.add('tls-certificate', 0.9, `${said}: the certificate did not verify (${code})`);
      return;
    }
    if (isTimeoutCode(code)) {
      v.add('mtu-blackhole', 0.3, 'the handshake stalled: certificate flights are the first full-size packets of a connection, which a path MTU black hole drops');
      return;
    }
    const sni = r.tls?.sni ?? null;
    const noSni = sni === null ? ' No SNI was sent (the URL names an IP address); servers that route by name often reject such handshakes — probe by host name.' : '';
    v.add('tls-handshake-rejected', 0.85, `${said}: the server (or a TLS-inspecting middlebox) refused the handshake: ${e.message}.${noSni}`);
    return;
  }
  if (e.phase === 'http') {
    const bytes = e.bytesReceived ?? 0;
    if (isResetCode(code)) {
      if (bytes === 0) {
        v.add('server-overload', 0.65, `${said} before a single response byte: the server accepted the connection and reset it at once, as servers over their connection limit (or with a full accept queue) do`);
        v.add('peer-crash-restart', 0.3, 'a server process dying while holding the connection gives the same reset');
        v.add('firewall-reject', 0.2, 'a firewall that kills established flows can reset too');
      } else {
        v.add('peer-crash-restart', 0.7, `${said} after ${bytes} response bytes: the server side died or aborted in the middle of the response`);
        v.add('server-overload', 0.3, 'an overloaded upstream or proxy aborting slow responses resets mid-response as well');
      }
    } else if (isEofCode(code)) {
      v.add(bytes === 0 ? 'server-overload' : 'peer-crash-restart', 0.45, `${said}: the server closed the connection (FIN) ${bytes === 0 ? 'without answering' : `after ${bytes} bytes, before the response was complete`}`);
    } else if (isTimeoutCode(code)) {
      if (bytes > 0) v.add('request-timeout', 0.85, `${bytes} bytes arrived before the deadline: the server answers, but too slowly to finish`);
    }
  }
}

function judgeKeepAlive(v: Verdict, r: ReportFacts): void {
  const hint = r.http?.keepAliveHint?.timeoutSeconds ?? null;
  if (r.http?.connectionClose) {
    v.recommend('disable-keepalive', {});
  }
  const k = r.keepAlive;
  // A hint alone is no finding: fixes follow a measured timeout or failed reuse.
  if (!k || k.idleTimeoutMs === null) return;
  const t = k.idleTimeoutMs;
  const how = k.method === 'bracket' && k.bracketMs ? `between ${secs(k.bracketMs[0])} and ${secs(k.bracketMs[1])} of idle (found by sending requests after set idles)` : `${secs(t)} after its last response (seen while idle)`;
  const margin = `client idle timeout ${secs(clientIdleFor(t))} = min(server − 1 s, 0.75 × server), not under 250 ms, so the client always gives a connection up before the server or a middlebox does`;
  if (k.closeKind === 'rst') {
    v.add('middlebox-idle-timeout', 0.8, `an idle connection was reset (RST) ${how}; servers close idle connections with FIN, so an RST on an idle flow points at a NAT, load balancer or firewall idle timeout`);
    v.add('keepalive-idle-race', 0.35, 'any client that keeps connections idle longer than that will hit the reset on reuse');
    recommendIdle(v, t);
    v.recommend('tcp-keepalive', { tcpKeepAliveMs: Math.max(1000, Math.floor(t / 2000) * 1000), serverIdleMs: t });
    return;
  }
  let conf = 0.5;
  const ev = [`the server closes idle connections (${k.closeKind === 'fin' ? 'FIN' : 'close kind unknown'}) ${how}: a client that reuses a pooled connection at that moment sends into a closing socket`];
  if (hint !== null && Math.abs(hint * 1000 - t) <= t * 0.35 + 1500) {
    conf = 0.3;
    ev.push(`it announces this (Keep-Alive: timeout=${hint}); clients that honour the hint (undici, Node's agent) are protected, those that ignore it (Go, curl) are not`);
  } else {
    ev.push('no Keep-Alive hint announces it, so pooled clients cannot know');
  }
  if (t < 2000) {
    conf += 0.2;
    ev.push(`a ${secs(t)} window is short: clients with default pools (Go 90 s, Node agent 5 s, undici 4 s) keep connections idle longer than that`);
  }
  for (const e of ev) v.add('keepalive-idle-race', conf, e);
  v.add('keepalive-idle-race', conf, margin);
  recommendIdle(v, t);
}

function judgeReuse(v: Verdict, r: ReportFacts): void {
  const u = r.reuse;
  if (!u || u.attempts === 0) return;
  const bad = u.resets + u.eofs;
  const fresh = u.fresh;
  const freshBad = fresh ? fresh.resets + fresh.eofs : 0;
  const around = u.idlesMs && u.idlesMs.length ? ` after idles of ${secs(Math.min(...u.idlesMs))}–${secs(Math.max(...u.idlesMs))}` : '';
  const hintMs = (r.http?.keepAliveHint?.timeoutSeconds ?? 0) * 1000;
  const failed = u.failedIdlesMs ?? [];
  if (bad > 0 && freshBad === 0 && hintMs > 0 && failed.length > 0 && failed.every((d) => d >= hintMs)) {
    // Failures only beyond the announced timeout: clients that honour the hint never reuse
    // connections that old.
    v.add('keepalive-idle-race', 0.15, `${bad} of ${u.attempts} reused requests failed, all after idles of at least the announced Keep-Alive: timeout=${hintMs / 1000}; only clients that ignore the hint are exposed`);
  } else if (bad > 0 && freshBad === 0) {
    const id: CauseId = r.keepAlive?.closeKind === 'rst' ? 'middlebox-idle-timeout' : 'keepalive-idle-race';
    v.add(id, bad >= 2 ? 0.9 : 0.75, `${bad} of ${u.attempts} requests on reused connections failed${around} (${u.resets} resets, ${u.eofs} EOFs), against ${freshBad} of ${fresh?.attempts ?? 0} on fresh connections`);
    const t = r.keepAlive?.idleTimeoutMs ?? (hintMs > 0 ? hintMs : null);
    if (t !== null) recommendIdle(v, t);
    else v.recommend('disable-keepalive', {});
  } else if (freshBad > 0) {
    v.add('server-overload', 0.5, `${freshBad} of ${fresh?.attempts ?? 0} requests on fresh connections failed too: not a reuse problem`);
  }
}

function judgeChecks(v: Verdict, r: ReportFacts): void {
  const c = r.checks;
  if (!c) return;
  if (c.post) {
    const p = c.post;
    const sent = `${p.bytesWritten} of ${p.bodyBytes} body bytes written`;
    if (p.outcome === 'reset') v.add('early-close-unread-body', 0.85, `a POST with a ${p.bodyBytes}-byte body was reset (${sent}${p.status !== null ? `, status ${p.status} seen first` : ''}): the server answered and closed without reading the body, and closing with unread data makes the kernel send RST`);
    else if (p.outcome === 'eof') v.add('early-close-unread-body', 0.5, `the server closed the connection during a POST with a ${p.bodyBytes}-byte body (${sent})`);
    else if (p.outcome === 'ok' && p.earlyResponse) v.add('early-close-unread-body', 0.35, `the server answered ${p.status ?? ''} before the ${p.bodyBytes}-byte body was sent (${sent}); if it then closes, clients see a reset`);
    else if (p.outcome === 'timeout') v.add('request-timeout', 0.5, `a POST with a ${p.bodyBytes}-byte body got no answer within the deadline`);
  }
  if (c.expectContinue) {
    const x = c.expectContinue;
    if (x.outcome === 'reset' || x.outcome === 'eof') {
      v.add('expect-continue', 0.85, `a POST with Expect: 100-continue ended in ${x.outcome === 'reset' ? 'a reset' : 'a close'} (${x.code ?? ''}) before the body was accepted: the server or a proxy in front mishandles the Expect header`);
      v.recommend('expect-header', {});
    } else if (x.outcome === 'ok' && x.continued === false && !x.earlyResponse) {
      v.add('expect-continue', 0.25, 'the server ignored Expect: 100-continue (no 100 within 1 s): clients that send it wait that long on every upload');
      v.recommend('expect-header', {});
    }
  }
  if (c.largeRequest) {
    const l = c.largeRequest;
    if (l.outcome === 'timeout' && !r.error) {
      v.add('mtu-blackhole', 0.7, `a ${l.bodyBytes}-byte request stalled (${l.bytesWritten} bytes written) while a small one went through: full-size packets are lost on the path (MTU black hole)`);
    } else if (l.outcome === 'reset') {
      v.add('mtu-blackhole', 0.3, `a ${l.bodyBytes}-byte request was reset while a small one went through`);
      v.add('firewall-reject', 0.3, 'a middlebox that inspects and rejects large requests resets them too');
    }
  }
}

/** Ranked causes and recommended fixes for a finished probe. */
export function judge(r: ReportFacts, ctx: VerdictContext = {}): { causes: RankedCause[]; recommendations: Recommendation[] } {
  const v = new Verdict();
  judgeError(v, r, ctx);
  if (r.tls && !r.tls.authorized && !(r.error?.phase === 'tls')) {
    v.add('tls-certificate', 0.8, `the certificate did not verify (${r.tls.authorizationError ?? 'unknown'}); --insecure let the probe go on, but clients that verify will fail`);
  }
  judgeKeepAlive(v, r);
  judgeReuse(v, r);
  judgeChecks(v, r);
  const out = v.result();
  // Fixes answer causes: with nothing found there is nothing to fix.
  if (out.causes.length === 0) out.recommendations = [];
  return out;
}
