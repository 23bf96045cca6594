/**
 * Fix recommendations with parameters, derived from a ranking and the measured facts. The probe
 * engine computes its own; this serves the log-only path (explain, the editor) and combined input.
 */
import type { Cadence, CauseId, FixId, ProbeReport, RankedCause, Recommendation } from '../types';
import { cadenceIdleMs, serverIdleMs } from './facts';

/**
 * The client idle timeout to use against a server (or middlebox) that drops idle connections
 * after `serverIdleMs`: min(server − 1 s, 0.75 × server), never under 250 ms. All in ms.
 * 3000 → 2000, 5000 → 3750, 350000 → 262500. The same rule as the probe's verdict
 * (src/core/probe/verdict.ts), so a log and a probe recommend the same figure.
 */
export function clientIdleFor(serverIdleMs: number): number {
  return Math.max(250, Math.round(Math.min(serverIdleMs - 1000, serverIdleMs * 0.75)));
}

/** TCP keep-alive interval that keeps a flow warm in a middlebox with this idle timeout (ms, at most 60 s). */
export function tcpKeepAliveFor(idleMs: number): number {
  return Math.max(1000, Math.min(60_000, Math.floor(idleMs / 2)));
}

export interface RecommendContext {
  probe?: ProbeReport | null;
  cadence?: Cadence | null;
  /** Causes below this confidence get no recommendation (default 0.5). */
  minConfidence?: number;
}

/** The idle timeout the evidence points at: measured or announced by the probe, else the cadence. */
function idleEvidenceMs(ctx: RecommendContext): number | null {
  const measured = serverIdleMs(ctx.probe ?? null);
  if (measured != null) return measured;
  return ctx.cadence ? cadenceIdleMs(ctx.cadence) : null;
}

function forCause(id: CauseId, ctx: RecommendContext): Recommendation[] {
  const idle = idleEvidenceMs(ctx);
  const keepAliveIdle = (): Recommendation[] => {
    if (idle == null) return [{ fix: 'keepalive-idle', params: {} }];
    const clientIdleMs = clientIdleFor(idle);
    // Below about a second there is no room for a margin (and libcurl counts whole seconds):
    // not reusing connections is the dependable cure.
    if (idle < 1000 || clientIdleMs >= idle) {
      const out: Recommendation[] = [{ fix: 'disable-keepalive', params: { serverIdleMs: idle } }];
      if (clientIdleMs < idle) out.push({ fix: 'keepalive-idle', params: { serverIdleMs: idle, clientIdleMs } });
      return out;
    }
    return [{ fix: 'keepalive-idle', params: { serverIdleMs: idle, clientIdleMs } }];
  };
  const retry: Recommendation = { fix: 'retry-idempotent', params: { maxRetries: 1 } };
  switch (id) {
    case 'keepalive-idle-race':
      return [...keepAliveIdle(), retry];
    case 'middlebox-idle-timeout':
      return [{ fix: 'tcp-keepalive', params: idle != null ? { tcpKeepAliveMs: tcpKeepAliveFor(idle) } : {} }, ...keepAliveIdle(), retry];
    case 'expect-continue':
      return [{ fix: 'expect-header', params: {} }];
    case 'request-timeout':
    case 'mtu-blackhole':
    case 'firewall-reject':
      return [{ fix: 'timeouts', params: {} }];
    case 'server-overload':
    case 'peer-crash-restart':
    case 'proxy-reset':
      return [{ fix: 'retry-idempotent', params: { maxRetries: 2 } }];
    case 'broken-pipe-peer-closed':
      return [retry];
    default:
      return [];
  }
}

/**
 * Recommended fixes for the causes ranked at or above `minConfidence`, most likely cause first,
 * one entry per fix id.
 */
export function recommendFixes(ranked: readonly RankedCause[], ctx: RecommendContext = {}): Recommendation[] {
  const min = ctx.minConfidence ?? 0.5;
  const seen = new Set<FixId>();
  const out: Recommendation[] = [];
  for (const c of ranked) {
    if (c.confidence < min) continue;
    for (const r of forCause(c.id, ctx)) {
      if (seen.has(r.fix)) continue;
      seen.add(r.fix);
      out.push(r);
    }
  }
  return out;
}
