/**
 * Measures when an idle kept-alive connection gets closed, and how (FIN or RST).
 *
 * Two kinds of closer exist. Servers (nginx, haproxy, Go, Node) close actively: the FIN (or a
 * middlebox's RST) arrives while the connection sits idle, and a connection we simply watch
 * gives the timeout to the millisecond. Some middleboxes close silently instead: they forget the
 * flow and reset it only when it next carries data, which only a request after a known idle can
 * reveal. So three "sentinel" connections idle and watch (up to maxIdleMs, then send one request),
 * while a few "chains" each send a request after a growing idle (a geometric grid spread over the
 * chains, so that every grid point is reached at about its own wall time). A close seen while
 * watching ends the measurement after about one timeout of wall time. Otherwise the first death
 * brackets the timeout, and a round of parallel connections spread inside the bracket narrows it
 * to ±5% (about two timeouts of wall time in all).
 */
import { setMaxListeners } from 'node:events';
import type { ProbeReport } from '../types';
import { delay } from './errors';
import type { RawConn } from './http1';
import { get, openWarm, type RawContext } from './raw';

export type KeepAliveResult = NonNullable<ProbeReport['keepAlive']>;

export interface IdleOptions {
  maxIdleMs: number;
  /** The server's `Keep-Alive: timeout=` hint, ms, used to place grid points; null if none. */
  hintMs: number | null;
  signal?: AbortSignal | undefined;
  onProgress?: ((message: string) => void) | undefined;
}

/** Grid ratio and number of probing chains; see the file comment. */
const RATIO = 1.25;
const CHAINS = 8;
/**
 * Watchers that only idle, their idle periods started STAGGER_MS apart: a stall of this process
 * (which shifts one observation) rarely hits all of them, and their median is the figure.
 */
const SENTINELS = 3;
const STAGGER_MS = 40;
const FIRST_MS = 200;
/** Target precision: half-width of the final bracket relative to its middle. */
const PRECISION = 0.05;

interface Shared {
  found: { ms: number; kind: 'fin' | 'rst' } | null;
  alive: number[];
  dead: { ms: number; kind: 'fin' | 'rst' | null }[];
  stop: AbortController;
  /** Wakes waiting connections when a death is recorded. */
  notify: Set<() => void>;
  /** Idle durations at which closes were seen while idle, ms. */
  samples: number[];
  settling: boolean;
  onFirstDead: (() => void) | null;
}

/** Whether the bracket (lo, hi] pins the timeout to ±PRECISION around its middle. */
function narrow(lo: number, hi: number): boolean {
  return hi / Math.max(lo, 1) <= (1 + PRECISION) / (1 - PRECISION);
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(a.length / 2);
  return a.length % 2 ? (a[mid] ?? 0) : ((a[mid - 1] ?? 0) + (a[mid] ?? 0)) / 2;
}

/** The chains' idle durations, ascending, below `maxIdleMs` (which the sentinels cover). */
export function idleGrid(maxIdleMs: number, hintMs: number | null): number[] {
  const grid: number[] = [];
  for (let d = FIRST_MS; d < maxIdleMs; d *= RATIO) grid.push(Math.round(d));
  if (hintMs !== null && hintMs > FIRST_MS && hintMs < maxIdleMs) {
    // Put points just around the announced value, where the close most likely is.
    for (const f of [0.97, 1.03]) grid.push(Math.round(hintMs * f));
  }
  return [...new Set(grid)].filter((d) => d < maxIdleMs).sort((a, b) => a - b);
}

function bracket(s: Shared): { lo: number; hi: number | null } {
  const deadMs = s.dead.map((d) => d.ms);
  const hi = deadMs.length ? Math.min(...deadMs) : null;
  const below = s.alive.filter((a) => hi === null || a < hi);
  return { lo: below.length ? Math.max(...below) : 0, hi };
}

function minDead(s: Shared): number {
  return s.dead.length ? Math.min(...s.dead.map((x) => x.ms)) : Infinity;
}

/**
 * Idles `conn` for `d` ms, watching for a close, then sends a request: records a close seen
 * while idle (`s.found`), or alive/dead at `d`. Once some connection died at D, probing above D
 * is pointless: the wait is cut to 1.1 × D (long enough for a close to still show up) and ends
 * without a request.
 */
async function probeAt(conn: RawConn, d: number, ctx: RawContext, s: Shared): Promise<'alive' | 'dead' | 'stopped'> {
  for (;;) {
    const dead = minDead(s);
    const until = d >= dead ? dead * 1.1 : d;
    const wake = new AbortController();
    const onChange = (): void => wake.abort();
    s.notify.add(onChange);
    const r = await conn.waitIdle(until - (performance.now() - conn.idleSince), AbortSignal.any([s.stop.signal, wake.signal]));
    s.notify.delete(onChange);
    if (r.closed) {
      if (!s.stop.signal.aborted && (r.kind === 'fin' || r.kind === 'rst')) {
        const ms = r.at - conn.idleSince;
        s.samples.push(ms);
        s.found ??= { ms: Math.round(ms), kind: r.kind };
        if (!s.settling) {
          // The other watchers close within the stagger; collect them, then stop everything.
          s.settling = true;
          setTimeout(() => s.stop.abort(), STAGGER_MS * (SENTINELS - 1) + Math.min(100, ms * 0.02) + 5);
        }
        if (s.samples.length >= SENTINELS) s.stop.abort();
      }
      return 'stopped';
    }
    if (s.stop.signal.aborted) return 'stopped';
    if (wake.signal.aborted) continue;
    if (d >= minDead(s)) return 'stopped';
    break;
  }
  const r = await get(conn, ctx, s.stop.signal);
  if (r.ok) {
    s.alive.push(d);
    // Answered, but announced the close: alive at d, and this connection ends here.
    return r.response.reusable ? 'alive' : 'stopped';
  }
  if (r.code === 'ABORTED') return 'stopped';
  s.dead.push({ ms: d, kind: r.kind === 'fin' || r.kind === 'rst' ? r.kind : null });
  if (s.dead.length === 1) s.onFirstDead?.();
  for (const f of [...s.notify]) f();
  return 'dead';
}

export async function measureIdle(ctx: RawContext, o: IdleOptions): Promise<KeepAliveResult> {
  const t0 = performance.now();
  const stop = new AbortController();
  // Every connection's waits and requests listen on this one signal.
  setMaxListeners(200, stop.signal);
  const onOuterAbort = (): void => stop.abort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const s: Shared = { found: null, alive: [], dead: [], stop, notify: new Set(), samples: [], settling: false, onFirstDead: null };
  const grid = idleGrid(o.maxIdleMs, o.hintMs);
  const chains = Math.min(CHAINS, grid.length);
  const conns: RawConn[] = [];
  const result = (r: Partial<KeepAliveResult>): KeepAliveResult => ({
    idleTimeoutMs: null, closeKind: null, lowerBoundMs: null, wallMs: Math.round(performance.now() - t0), method: 'none', bracketMs: null, connections: conns.length, note: null, ...r,
  });
  try {
    o.onProgress?.(`opening ${chains + SENTINELS} connections to watch idle closes (up to ${Math.round(o.maxIdleMs / 1000)} s)`);
    const opened = await Promise.all(Array.from({ length: chains + SENTINELS }, () => openWarm(ctx, stop.signal)));
    for (const w of opened) if (w.ok) conns.push(w.conn);
    const firstOk = opened.find((w) => w.ok);
    if (!firstOk) {
      const err = opened.find((w) => !w.ok);
      return result({ note: `could not open a kept-alive connection: ${err && !err.ok ? `${err.error.code}: ${err.error.message}` : 'unknown'}` });
    }
    if (firstOk.first.ok && !firstOk.first.response.reusable) {
      return result({ note: 'the server closes the connection after each response (Connection: close): nothing stays idle' });
    }
    /** Connections spread inside (lo, hi), each probed once, in parallel. */
    const refineRound = async (lo: number, hi: number): Promise<Shared> => {
      const n = Math.min(8, Math.max(2, Math.ceil(Math.log(hi / Math.max(lo, 1)) / Math.log(1 + PRECISION)) - 1));
      const points = Array.from({ length: n }, (_, j) => Math.round(lo * Math.pow(hi / Math.max(lo, 1), (j + 1) / (n + 1))));
      o.onProgress?.(`refining between ${lo} and ${hi} ms with ${n} connections`);
      const refine = new AbortController();
      setMaxListeners(200, refine.signal);
      const onStop = (): void => refine.abort();
      o.signal?.addEventListener('abort', onStop, { once: true });
      const r2: Shared = { found: null, alive: [], dead: [], stop: refine, notify: new Set(), samples: [], settling: false, onFirstDead: null };
      await Promise.all(points.map(async (d) => {
        const w = await openWarm(ctx, refine.signal);
        if (!w.ok) return;
        conns.push(w.conn);
        await probeAt(w.conn, d, ctx, r2);
      }));
      o.signal?.removeEventListener('abort', onStop);
      return r2;
    };
    // A silent closer shows itself by a first death; refining starts right then, while the
    // chains below it finish, so that the whole measurement costs about two timeouts.
    let earlyRefine: Promise<Shared | null> = Promise.resolve(null);
    s.onFirstDead = () => {
      const b = bracket(s);
      if (b.hi !== null && !narrow(b.lo, b.hi)) earlyRefine = refineRound(b.lo, b.hi);
    };
    const sentinels = conns.slice(0, Math.min(SENTINELS, conns.length - 1));
    const chainConns = conns.slice(sentinels.length);
    const sentinelRun = Promise.all(sentinels.map(async (sentinel, k) => {
      if (k > 0) {
        // Restart this watcher's idle clock a little later than the previous one's.
        await delay(k * STAGGER_MS).catch(() => undefined);
        if (stop.signal.aborted) return;
        const again = await get(sentinel, ctx, stop.signal);
        if (!again.ok) return;
      }
      const r = await probeAt(sentinel, o.maxIdleMs, ctx, s);
      if (r === 'alive' || r === 'dead') stop.abort();
    }));
    const chainRuns = chainConns.map(async (conn, i) => {
      for (let k = i; k < grid.length; k += chains) {
        const d = grid[k] ?? 0;
        if (d >= minDead(s) || s.stop.signal.aborted) return;
        const r = await probeAt(conn, d, ctx, s);
        if (r !== 'alive') return;
      }
    });
    await Promise.all(chainRuns);
    // The chains are done: a close was seen, or they bracketed a silent one (the sentinel then
    // stops by itself shortly after), or they reached the top of the grid.
    if (s.found) stop.abort();
    await sentinelRun;
    const early = await earlyRefine;

    if (s.found) {
      return result({ idleTimeoutMs: Math.round(median(s.samples)), closeKind: s.found.kind, method: 'passive', lowerBoundMs: null });
    }
    if (early?.found) return result({ idleTimeoutMs: Math.round(median(early.samples)), closeKind: early.found.kind, method: 'passive' });
    if (early) {
      s.alive.push(...early.alive);
      s.dead.push(...early.dead);
    }
    if (o.signal?.aborted) return result({ note: `cancelled after ${Math.round(performance.now() - t0)} ms, before any idle close was seen` });
    const first = bracket(s);
    let lo = first.lo;
    if (first.hi === null) {
      return result({ lowerBoundMs: Math.max(lo, o.maxIdleMs), note: `no close within ${o.maxIdleMs} ms of idle` });
    }
    let hi = first.hi;
    // Silent closer: narrow the bracket further if the early round did not get it to ±5%.
    for (let round = 0; round < 2 && !narrow(lo, hi) && !o.signal?.aborted; round++) {
      const r2 = await refineRound(lo, hi);
      if (r2.found) return result({ idleTimeoutMs: Math.round(median(r2.samples)), closeKind: r2.found.kind, method: 'passive' });
      s.alive.push(...r2.alive);
      s.dead.push(...r2.dead);
      const b = bracket(s);
      lo = b.lo;
      hi = b.hi ?? hi;
    }
    const kinds = s.dead.filter((d) => d.ms === hi).map((d) => d.kind);
    return result({ idleTimeoutMs: Math.round((lo + hi) / 2), closeKind: kinds.find((k) => k !== null) ?? null, method: 'bracket', bracketMs: [lo, hi] });
  } finally {
    o.signal?.removeEventListener('abort', onOuterAbort);
    stop.abort();
    for (const c of conns) c.destroy();
    // Let the destroyed sockets' events drain before the caller reuses the figures.
    await delay(0);
  }
}
