import type { PhaseError } from '../types';
import { openConnection, type Target, type TlsOptions } from './connect';
import { type ByteBudget, type ExchangeOutcome, RawConn, requestHead } from './http1';

export interface RawContext {
  target: Target;
  /** Addresses TCP goes to (the target's, or the proxy's). */
  addresses: string[];
  tls: TlsOptions;
  budget: ByteBudget;
  timeoutMs: number;
  /** Method of the repeated measurement requests: HEAD when the resource is large. */
  method: 'GET' | 'HEAD';
}

/** Opens a raw connection (TCP, tunnel, TLS) without sending anything. */
export async function openRaw(ctx: RawContext, signal?: AbortSignal): Promise<{ ok: true; conn: RawConn } | { ok: false; error: PhaseError }> {
  const r = await openConnection(ctx.target, ctx.addresses, { ...ctx.tls, signal });
  if (!r.ok || !r.socket) return { ok: false, error: r.error ?? { phase: 'tcp', code: 'UNKNOWN', message: 'connection failed' } };
  return { ok: true, conn: new RawConn(r.socket, ctx.budget) };
}

/** The plain request (GET, or HEAD for large resources) the measurements repeat. */
export function get(conn: RawConn, ctx: RawContext, signal?: AbortSignal): Promise<ExchangeOutcome> {
  return conn.exchange(ctx.method, requestHead(ctx.method, ctx.target.url), { timeoutMs: ctx.timeoutMs, signal });
}

/** Opens a connection and makes one GET on it, leaving it idle and ready for reuse. */
export async function openWarm(ctx: RawContext, signal?: AbortSignal): Promise<{ ok: true; conn: RawConn; first: ExchangeOutcome } | { ok: false; error: PhaseError }> {
  const o = await openRaw(ctx, signal);
  if (!o.ok) return o;
  const first = await get(o.conn, ctx, signal);
  if (!first.ok) {
    o.conn.destroy();
    return { ok: false, error: { phase: 'idle', code: first.code, message: first.message } };
  }
  return { ok: true, conn: o.conn, first };
}
