/**
 * The reuse race: requests on connections that sat idle for about the server's idle timeout,
 * next to the same requests on fresh connections. A client that reuses a connection the server is
 * closing at that moment gets a reset or an EOF; a fresh connection does not.
 */
import type { ProbeReport } from '../types';
import { get, openRaw, openWarm, type RawContext } from './raw';

export type ReuseResult = NonNullable<ProbeReport['reuse']>;

/** Idle durations around `timeoutMs`: from 90% to 110% of it, evenly spread. */
export function reuseIdles(n: number, timeoutMs: number | null, maxIdleMs: number): number[] {
  if (n <= 0) return [];
  if (timeoutMs === null) {
    // Nothing measured: reuse after short idles, which still catches servers that close after
    // every response without saying so.
    const top = Math.min(1000, maxIdleMs);
    return Array.from({ length: n }, (_, j) => Math.round(n === 1 ? top / 2 : (top * j) / (n - 1)));
  }
  return Array.from({ length: n }, (_, j) => Math.min(maxIdleMs, Math.round(timeoutMs * (n === 1 ? 0.98 : 0.9 + (0.2 * j) / (n - 1)))));
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function reuseRace(ctx: RawContext, o: { attempts: number; timeoutMs: number | null; maxIdleMs: number; signal?: AbortSignal | undefined }): Promise<ReuseResult> {
  // Never idle longer than the caller allowed: a timeout beyond that is not one to race with.
  const idles = reuseIdles(o.attempts, o.timeoutMs !== null && o.timeoutMs <= o.maxIdleMs ? o.timeoutMs : null, o.maxIdleMs);
  const failedIdlesMs: number[] = [];
  const reused = { attempts: 0, resets: 0, eofs: 0 };
  const fresh = { attempts: 0, resets: 0, eofs: 0 };
  const count = (into: typeof reused, kind: string): void => {
    into.attempts++;
    if (kind === 'rst') into.resets++;
    else if (kind === 'fin') into.eofs++;
  };
  await Promise.all([
    inBatches(idles, 20, async (idle) => {
      const w = await openWarm(ctx, o.signal);
      if (!w.ok) return;
      try {
        // Deliberately no look at whether the connection closed while idle: a pooled client
        // that has not yet processed the close writes anyway, and that is the race we count.
        await new Promise((r) => setTimeout(r, Math.max(0, idle - (performance.now() - w.conn.idleSince))));
        if (o.signal?.aborted) return;
        const r = await get(w.conn, ctx, o.signal);
        count(reused, r.ok ? 'ok' : r.kind);
        if (!r.ok && (r.kind === 'rst' || r.kind === 'fin')) failedIdlesMs.push(idle);
      } finally {
        w.conn.destroy();
      }
    }),
    inBatches(idles, 20, async () => {
      const c = await openRaw(ctx, o.signal);
      if (!c.ok) {
        fresh.attempts++;
        if (c.error.code === 'ECONNRESET') fresh.resets++;
        return;
      }
      try {
        const r = await get(c.conn, ctx, o.signal);
        count(fresh, r.ok ? 'ok' : r.kind);
      } finally {
        c.conn.destroy();
      }
    }),
  ]);
  return { ...reused, fresh, idlesMs: idles, failedIdlesMs: failedIdlesMs.sort((a, b) => a - b) };
}
