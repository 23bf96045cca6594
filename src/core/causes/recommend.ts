/**
 * Fix recommendations with parameters, derived from a ranking and the measured facts. The probe
 * engine computes its own; this serves the log-only path (explain, the editor) and combined input.
 */
import type { CauseId, FixId, FixParams, ProbeReport, RankedCause, Recommendation, Cadence } from '../types';
import { cadenceIdleMs, serverIdleMs } from './facts';

/**
 * The client idle timeout to use against a server (or middlebox) that drops idle connections
 * after `serverIdleMs`: at least 1 s or 20% below it, and never under half of it. All in ms.
 * 3000 → 2000, 1500 → 750, 5000 → 4000, 350000 → 280000.
 */
export function clientIdleFor(serverIdleMs: number): number {
  if (!(serverIdleMs > 0)) return 0;
  const margin = Math.max(1000, serverIdleMs * 0.2);
  return Math.floor(Math.max(serverIdleMs - margin, serverIdleMs / 2));
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
  const keepAliveIdle = (): Recommendation => {
    const params: FixParams = {};
    if (idle != null) {
      params.serverIdleMs = idle;
      params.clientIdleMs = clientIdleFor(idle);
    }
    return { fix: 'keepalive-idle', params };
  };
  const retry: Recommendation = { fix: 'retry-idempotent', params: { maxRetries: 1 } };
  switch (id) {
    case 'keepalive-idle-race':
      return [keepAliveIdle(), retry];
    case 'middlebox-idle-timeout':
      return [{ fix: 'tcp-keepalive', params: idle != null ? { tcpKeepAliveMs: tcpKeepAliveFor(idle) } : {} }, keepAliveIdle(), retry];
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
