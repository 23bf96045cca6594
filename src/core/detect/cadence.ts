/**
 * Cadence: whether repeated findings of one kind against one endpoint come at a regular interval.
 * A steady period ("a reset every ~60 s") points at something idle-timed: a keep-alive pool whose
 * connections outlive the server's idle timeout, or a middlebox dropping idle flows.
 */
import type { Cadence, ErrorClass, Finding } from '../types';

const NOUNS: Record<ErrorClass, string> = {
  reset: 'resets', eof_closed: 'closed connections', broken_pipe: 'broken pipes', refused: 'refused connections', timeout: 'timeouts',
  tls: 'TLS failures', dns: 'DNS failures', host_unreachable: 'unreachable-host errors', proxy: 'proxy failures',
};
/** Fewer findings than this say nothing about a period. */
const MIN_SAMPLES = 3;
/** Gaps shorter than this are retries of one failure, not idle periods. */
const MIN_PERIOD_MS = 1000;
const MIN_REGULARITY = 0.5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function seconds(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Infers a regular idle period from timestamped findings, or null when there is none. Findings
 * are grouped by class and endpoint (host:port); the largest regular group wins. Regularity is
 * 1 minus the median absolute deviation of the gaps relative to their median.
 */
export function inferCadence(findings: readonly Finding[]): Cadence | null {
  const groups = new Map<string, { cls: ErrorClass; times: number[] }>();
  for (const f of findings) {
    if (f.timestamp === null) continue;
    const key = `${f.class}|${f.endpoint ? `${f.endpoint.host}:${f.endpoint.port ?? ''}` : ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { cls: f.class, times: [] }));
    g.times.push(f.timestamp);
  }
  let best: Cadence | null = null;
  for (const { cls, times } of groups.values()) {
    if (times.length < MIN_SAMPLES) continue;
    const sorted = [...times].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!).filter((g) => g > 0);
    if (gaps.length < MIN_SAMPLES - 1) continue;
    const periodMs = median(gaps);
    if (periodMs < MIN_PERIOD_MS) continue;
    const mad = median(gaps.map((g) => Math.abs(g - periodMs)));
    const regularity = Math.max(0, Math.min(1, 1 - mad / periodMs));
    if (regularity < MIN_REGULARITY) continue;
    const minGapMs = Math.min(...gaps);
    const samples = sorted.length;
    if (best && (samples < best.samples || (samples === best.samples && regularity <= best.regularity))) continue;
    best = {
      periodMs,
      minGapMs,
      samples,
      regularity: Math.round(regularity * 100) / 100,
      description: `${NOUNS[cls]} come every ~${seconds(periodMs)} (${samples} samples), never less than ${seconds(minGapMs)} apart`,
    };
  }
  return best;
}
