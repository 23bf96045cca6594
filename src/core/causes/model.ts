/**
 * The shape of a cause module: what it explains to people (CauseInfo) and how it weighs the
 * evidence (`weigh`). Kept apart from index.ts so that cause modules never import the registry.
 */
import type { CauseId, ErrorClass, FixId, FixLanguage, Hint } from '../types';
import type { Facts, MarkerId } from './facts';
import { MARKER_WORDS } from './facts';

export interface Citation {
  title: string;
  url: string;
}

export interface CauseInfo {
  id: CauseId;
  title: string;
  /** Classes of finding this cause can explain. */
  classes: ErrorClass[];
  /** Two short lines for hovers. */
  summary: [string, string];
  /** The mechanism, in plain language (a paragraph). */
  mechanism: string;
  /** Evidence that makes it more likely / less likely, in words. */
  raisedBy: string[];
  loweredBy: string[];
  /** How to confirm it: the probe flags and what to look for. */
  confirm: { probeArgs: string[]; lookFor: string };
  /** What to check next, by hand. */
  nextSteps: string[];
  fixes: Record<FixLanguage, FixId[]>;
  citations: Citation[];
}

/**
 * One piece of evidence: `w` is added to the cause's log-odds (positive raises it, negative
 * lowers it), `why` says in words what was seen.
 */
export interface Weight {
  w: number;
  why: string;
}

export interface CauseModule {
  info: CauseInfo;
  /** The evidence for and against this cause in `facts`; empty when nothing bears on it. */
  weigh(facts: Facts): Weight[];
}

/** How to name a class in evidence: one finding, several findings. */
const CLASS_WORDS: Record<ErrorClass, [string, string]> = {
  reset: ['a connection reset', 'connection resets'],
  eof_closed: ['an orderly close while a response was expected', 'orderly closes while a response was expected'],
  broken_pipe: ['a broken pipe (a write to a closed connection)', 'broken pipes (writes to closed connections)'],
  refused: ['a refused connection', 'refused connections'],
  timeout: ['a timeout', 'timeouts'],
  tls: ['a TLS failure', 'TLS failures'],
  dns: ['a name-resolution failure', 'name-resolution failures'],
  host_unreachable: ['an unreachable host or network', 'unreachable hosts or networks'],
  proxy: ['a proxy failure', 'proxy failures'],
};

const HINT_WORDS: Record<Hint, string> = {
  reused_connection: 'on a reused (pooled) connection',
  tls_handshake: 'during the TLS handshake',
  reading_headers: 'while waiting for response headers',
  reading_body: 'while reading the response body',
  writing_body: 'while sending the request body',
  connecting: 'while connecting',
  idle_connection: 'on a connection that had been idle',
  proxy_tunnel: 'through a proxy tunnel',
  upstream: 'between a proxy and its upstream',
};

function ofTotal(n: number, total: number, cls: ErrorClass): string {
  const [one, many] = CLASS_WORDS[cls];
  if (total <= 1) return `the finding is ${one}`;
  if (n === total) return `all ${total} findings are ${many}`;
  return n === 1 ? `1 of ${total} findings is ${one}` : `${n} of ${total} findings are ${many}`;
}

/** Scales a weight by how much of the input shows the feature: all of it counts fully, one of many counts a little over half. */
function scaled(w: number, n: number, total: number): number {
  return w * (0.6 + 0.4 * (total > 0 ? n / total : 0));
}

/**
 * Evidence from the findings' classes: full weight when `cls` is the primary class, half when an
 * excerpt only shows it alongside another (a proxy tunnel failing with ECONNREFUSED).
 */
export function byClass(f: Facts, cls: ErrorClass, w: number, note = ''): Weight[] {
  const primary = f.primary[cls] ?? 0;
  const secondary = f.secondary[cls] ?? 0;
  const tail = note ? ` ${note}` : '';
  if (primary > 0) return [{ w: scaled(w, primary, f.total), why: `${ofTotal(primary, f.total, cls)}${tail}` }];
  if (secondary > 0) return [{ w: w * 0.5, why: `the excerpt also shows ${CLASS_WORDS[cls][secondary > 1 ? 1 : 0]} behind another error${tail}` }];
  return [];
}

/** Evidence from a context hint the detector found on some findings. */
export function byHint(f: Facts, hint: Hint, w: number, note = ''): Weight[] {
  const n = f.hints[hint] ?? 0;
  if (n === 0) return [];
  const who = f.total <= 1 ? 'it failed' : n === f.total ? 'every failure happened' : `${n} of ${f.total} failures happened`;
  return [{ w: scaled(w, n, f.total), why: `${who} ${HINT_WORDS[hint]}${note ? `: ${note}` : ''}` }];
}

/** Evidence from a telling phrase or code in the matched text (see facts.ts MARKERS). */
export function byMarker(f: Facts, marker: MarkerId, w: number, note = ''): Weight[] {
  const n = f.markers[marker] ?? 0;
  if (n === 0) return [];
  const where = f.total <= 1 ? 'the error' : `${n} of ${f.total} findings`;
  return [{ w: scaled(w, n, f.total), why: `${where} ${MARKER_WORDS[marker]}${note ? `: ${note}` : ''}` }];
}

/** Evidence that holds or not as a whole (a probe measurement, the endpoint being loopback). */
export function when(cond: boolean, w: number, why: string): Weight[] {
  return cond ? [{ w, why }] : [];
}

/** Formats a duration in ms for evidence strings: "1500 ms", "6 s", "5.8 min". */
export function fmtMs(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  if (ms < 180_000) return `${Math.round(ms / 1000)} s`;
  return `${(ms / 60_000).toFixed(1)} min (${Math.round(ms / 1000)} s)`;
}
