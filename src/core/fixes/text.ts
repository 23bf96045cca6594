/** Shared edit planning: sites, text edits, layout of the file (EOL, indentation), parameters. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FixId, FixParams } from '../types';

/** A 0-based position (line, UTF-16 character), as editors count. */
export interface Position {
  line: number;
  character: number;
}

/** A place in the source where an HTTP client is built or a request is made. */
export interface Site {
  /** What was found, e.g. `go.transport`, `php.curl-init`, `node.global-fetch`. */
  kind: string;
  /** One sentence for people. */
  description: string;
  /** UTF-16 offsets into the source string (what JavaScript strings and editors index by). */
  start: number;
  end: number;
  /** UTF-8 byte offsets into the file. */
  startByte: number;
  endByte: number;
  range: { start: Position; end: Position };
  /** The endpoint when the call names it with a string literal, else null. */
  url: string | null;
}

/** A replacement of `source.slice(start, end)` (UTF-16 offsets) by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Layout facts of a file that generated text must follow. */
export interface Layout {
  eol: '\n' | '\r\n';
  /** One level of indentation: a tab, or N spaces. */
  unit: string;
}

export function detectLayout(source: string, fallbackUnit: string): Layout {
  const crlf = (source.match(/\r\n/g) ?? []).length;
  const lf = (source.match(/\n/g) ?? []).length - crlf;
  const eol = crlf > lf ? '\r\n' : '\n';
  let tabs = 0;
  const spaces = new Map<number, number>();
  let prev = 0;
  for (const line of source.split(/\r?\n/)) {
    const m = /^[ \t]*/.exec(line)![0];
    if (line.trim() === '') continue;
    if (m.startsWith('\t')) tabs++;
    else if (m.length > prev && m.length - prev <= 8) spaces.set(m.length - prev, (spaces.get(m.length - prev) ?? 0) + 1);
    prev = m.startsWith('\t') ? 0 : m.length;
  }
  let best = 0;
  let bestCount = 0;
  for (const [w, c] of spaces) if (c > bestCount) [best, bestCount] = [w, c];
  const unit = tabs > bestCount ? '\t' : best > 0 ? ' '.repeat(best) : fallbackUnit;
  return { eol, unit };
}

/** The whitespace at the start of the line holding `offset`. */
export function lineIndent(source: string, offset: number): string {
  const start = lineStart(source, offset);
  return /^[ \t]*/.exec(source.slice(start, start + 200))![0];
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Prefixes every line after the first with `indent` and joins with the file's EOL. */
export function indentLines(lines: string[], indent: string, eol: string): string {
  return lines.map((l, i) => (i === 0 || l === '' ? l : indent + l)).join(eol);
}

/** Line starts and their UTF-8 byte offsets for one source text (the last one asked for). */
let lineTable: { source: string; starts: number[]; bytes: number[] } | null = null;

function linesOf(source: string): { starts: number[]; bytes: number[] } {
  if (lineTable?.source === source) return lineTable;
  const starts = [0];
  const bytes = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    bytes.push(bytes[bytes.length - 1]! + Buffer.byteLength(source.slice(starts[starts.length - 1], i + 1), 'utf8'));
    starts.push(i + 1);
  }
  lineTable = { source, starts, bytes };
  return lineTable;
}

function lineIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** UTF-8 byte offset of a UTF-16 offset. */
export function byteOffsetAt(source: string, offset: number): number {
  const { starts, bytes } = linesOf(source);
  const line = lineIndexAt(starts, offset);
  return bytes[line]! + Buffer.byteLength(source.slice(starts[line], offset), 'utf8');
}

/** Builds a Site from a node. */
export function siteOf(source: string, node: Node, kind: string, description: string, url: string | null): Site {
  return {
    kind,
    description,
    start: node.startIndex,
    end: node.endIndex,
    startByte: byteOffsetAt(source, node.startIndex),
    endByte: byteOffsetAt(source, node.endIndex),
    range: { start: positionAt(source, node.startIndex), end: positionAt(source, node.endIndex) },
    url,
  };
}

export function positionAt(source: string, offset: number): Position {
  const { starts } = linesOf(source);
  const line = lineIndexAt(starts, offset);
  return { line, character: offset - starts[line]! };
}

/** Insertions that add an import: at a shared offset they go before other inserted statements. */
export const importEdits = new WeakSet<TextEdit>();

export function importEdit(e: TextEdit): TextEdit {
  importEdits.add(e);
  return e;
}

/** Orders edits by position; at one offset, imports first, then generation order. */
export function sortEdits(edits: TextEdit[]): TextEdit[] {
  return edits.map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || Number(importEdits.has(b.e)) - Number(importEdits.has(a.e)) || a.i - b.i)
    .map((x) => x.e);
}

/** Applies non-overlapping edits, in the order given (see `sortEdits`). */
export function applyEdits(source: string, edits: TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += source.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + source.slice(at);
}

/** Drops exact duplicates (two sites asking for the same import, say). */
export function dedupeEdits(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}:${e.end}:${e.newText}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Parameters with every value decided, and how each was decided. */
export interface ResolvedParams {
  serverIdleMs: number | null;
  /** Assumed server idle when none was measured. */
  assumedServerIdleMs: number;
  clientIdleMs: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  tcpKeepAliveMs: number;
  maxRetries: number;
  /** Why the client idle is what it is, for descriptions. */
  idleReason: string;
}

/** Node's http server default: the shortest keep-alive timeout among common servers. */
export const DEFAULT_SERVER_IDLE_MS = 5000;
/** Below this a client idle timeout saves nothing over closing after each request. */
export const MIN_CLIENT_IDLE_MS = 250;

/**
 * The client idle timeout for a server that closes idle connections after `serverIdleMs`: a full
 * second below it, or a quarter below it for short timeouts, because the server's timer and ours
 * start at slightly different moments (response written vs response read) and a request already on
 * the wire when the server closes is lost. Never below 250 ms.
 */
export function clientIdleFor(serverIdleMs: number): number {
  return Math.max(MIN_CLIENT_IDLE_MS, Math.round(Math.min(serverIdleMs - 1000, serverIdleMs * 0.75)));
}

export function resolveParams(p: FixParams = {}): ResolvedParams {
  const server = p.serverIdleMs !== undefined && Number.isFinite(p.serverIdleMs) && p.serverIdleMs > 0 ? Math.round(p.serverIdleMs) : null;
  const assumed = server ?? DEFAULT_SERVER_IDLE_MS;
  const clientIdleMs = p.clientIdleMs !== undefined && p.clientIdleMs > 0 ? Math.round(p.clientIdleMs) : clientIdleFor(assumed);
  const margin = assumed - clientIdleMs;
  const idleReason = server !== null
    ? `the server closes idle connections after ${seconds(server)}; closing ours ${formatMs(margin)} earlier leaves room for the moment the two timers start apart and for a request already in flight`
    : `no probe ran, so this assumes the shortest common server default (${seconds(assumed)}, Node's http server) and stays ${formatMs(margin)} below it; run a probe for the real figure`;
  return {
    serverIdleMs: server,
    assumedServerIdleMs: assumed,
    clientIdleMs,
    connectTimeoutMs: p.connectTimeoutMs ?? 10_000,
    totalTimeoutMs: p.totalTimeoutMs ?? 30_000,
    tcpKeepAliveMs: p.tcpKeepAliveMs ?? (server !== null ? clientIdleMs : 30_000),
    maxRetries: p.maxRetries ?? 3,
    idleReason,
  };
}

/** `3.0 s` style, for prose. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `2s`, `750ms`, `3.75s`: compact, for titles. */
export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : ms > 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The outcome of planning one fix at one site. */
export type SitePlan =
  | { status: 'changed'; edits: TextEdit[] }
  | { status: 'satisfied' }
  | { status: 'skip'; reason: string };

export const satisfied: SitePlan = { status: 'satisfied' };
export function skip(reason: string): SitePlan {
  return { status: 'skip', reason };
}
export function plan(edits: TextEdit[]): SitePlan {
  return edits.length === 0 ? satisfied : { status: 'changed', edits };
}

/** What a language module offers the shared front end. */
export interface LanguageModule<A> {
  analyze(source: string, root: Node): A;
  sites(a: A): Site[];
  /** Which fixes this module can apply at site `i` (not yet taking existing settings into account). */
  fixesAt(a: A, i: number): FixId[];
  /** Plans `fix` at site `i`. File-level edits (imports, helpers) are part of the returned edits. */
  planAt(a: A, i: number, fix: FixId, p: ResolvedParams): SitePlan;
  title(fix: FixId, a: A, i: number, p: ResolvedParams): string;
  description(fix: FixId, a: A, i: number, p: ResolvedParams): string;
  /** Why `fix` has no meaning for this language at all, or null. */
  unsupported(fix: FixId): string | null;
}

/** A bracketed list in the tree: a Go literal body, a JavaScript object, a PHP array. */
export interface ListShape {
  /** Offset just after the opening bracket. */
  openEnd: number;
  /** Offset of the closing bracket. */
  closeStart: number;
  items: Node[];
}

/**
 * Adds `item` to the end of a list, in the list's own layout: one item per line when the list spans
 * lines (a trailing comma added when the language requires one or the list already uses them),
 * else inline after the last item.
 */
export function insertListItem(source: string, list: ListShape, item: string, layout: Layout, opts: { requireTrailingComma: boolean; pad: string }): TextEdit[] {
  const { openEnd, closeStart, items } = list;
  const inner = source.slice(openEnd, closeStart);
  const closeLine = lineStart(source, closeStart);
  const closeOnOwnLine = closeLine > openEnd && source.slice(closeLine, closeStart).trim() === '';
  const last = items.at(-1);
  if (!last) {
    if (closeOnOwnLine && inner.trim() === '') {
      const indent = lineIndent(source, closeStart) + layout.unit;
      return [{ start: closeLine, end: closeLine, newText: indent + item + (opts.requireTrailingComma ? ',' : '') + layout.eol }];
    }
    if (inner.trim() === '') return [{ start: openEnd, end: closeStart, newText: `${opts.pad}${item}${opts.pad}` }];
    return [{ start: openEnd, end: openEnd, newText: `${opts.pad}${item},` }];
  }
  const after = source.slice(last.endIndex, closeStart);
  const comma = /^\s*,/.exec(after);
  if (closeOnOwnLine && last.endIndex <= closeLine) {
    const indent = lineIndent(source, last.startIndex);
    const edits: TextEdit[] = [];
    if (!comma) edits.push({ start: last.endIndex, end: last.endIndex, newText: ',' });
    edits.push({ start: closeLine, end: closeLine, newText: indent + item + (comma || opts.requireTrailingComma ? ',' : '') + layout.eol });
    return edits;
  }
  if (comma) {
    const at = last.endIndex + comma[0].length;
    return [{ start: at, end: at, newText: ` ${item},` }];
  }
  return [{ start: last.endIndex, end: last.endIndex, newText: `, ${item}` }];
}

/** Inserts statements after `stmt`, each on its own line at `stmt`'s indentation. */
export function insertAfterStatement(source: string, stmt: Node, lines: string[], layout: Layout): TextEdit {
  const indent = lineIndent(source, stmt.startIndex);
  return { start: stmt.endIndex, end: stmt.endIndex, newText: layout.eol + indentLines([indent + (lines[0] ?? ''), ...lines.slice(1)], indent, layout.eol) };
}

/** The first name not in `taken`: `base`, `base2`, `base3`… */
export function freshName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
