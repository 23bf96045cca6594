/**
 * The line-by-line state machine behind every entry point: it matches signatures on a line,
 * keeps a trace (stack trace, error dump, Python exception chain) open while its lines continue,
 * and turns each finished trace or line into one Finding.
 */
import { redactText } from '../redact';
import { matchLine, type SignatureMatch } from '../signatures';
import type { ErrorClass, Finding, Hint } from '../types';
import { stripAnsiLine } from './ansi';
import { extractDumpEndpoint, extractEndpoint, extractMethod, extractTimestamp, scanErrno, textHints, errnoName, curlName } from './extract';

/** What one line says, after weighing the signatures that matched it. */
interface LineVerdict {
  /** The match that names the runtime (highest rank, wrappers included). */
  top: SignatureMatch;
  /** The match whose class is primary, and whether it only deferred to others. */
  classMatch: SignatureMatch;
  deferredOnly: boolean;
  classes: ErrorClass[];
  role: 'strong' | 'head' | 'context';
  matches: SignatureMatch[];
}

interface LineRecord {
  text: string;
  lineNo: number;
  colOffset: number;
  toOriginal: (i: number) => number;
  verdict: LineVerdict | null;
}

interface Block {
  anchor: LineRecord;
  matched: LineRecord[];
  lines: string[];
  lastLineNo: number;
  lastLineLength: number;
  pendingBlank: boolean;
  prevIndented: boolean;
  pyMode: boolean;
  /** After "The above exception was ...": the next non-blank line is the announced exception. */
  expectNext: boolean;
  count: number;
  prevLine: string | null;
}

/** Counters for the linear-work test and the scan report. */
export interface DetectorStats {
  /** Lines handed to the signature matcher. */
  linesMatched: number;
  /** Characters handed to the signature matcher. */
  charsMatched: number;
}

const CHAIN_MARKER = /^(?:During handling of the above exception|The above exception was the direct cause|Traceback \(most recent call last\)|Caused by: |Suppressed: |Emitted 'error' event)/;
const CONTINUATION = /^(?:[ \t]|Caused by: |Suppressed: |Traceback \(most recent call last\)|\}|\]|\)|--- End of|Emitted 'error' event|\[cause\])/;
const FRAME = /^\s*(?:at |File "|\.\.\. \d+ more)/;
const PY_FRAME = /^\s+File "[^"\n]+", line \d+/;
/** Tools that print one error over several lines with the same prefix. */
const TOOL_PREFIX = /^(?:npm ERR! |npm error |yarn error |error: RPC failed)/;
/** Lines kept per trace for field extraction, and the longest trace we follow. */
const MAX_BLOCK_LINES = 80;
const MAX_BLOCK_SPAN = 400;

/** npm prints one failure as several `npm error` lines; git as `error:` then `fatal:` lines. */
function sameToolPrefix(anchor: LineRecord, line: string): boolean {
  const p = TOOL_PREFIX.exec(anchor.text)?.[0];
  if (p !== undefined && line.startsWith(p)) return true;
  return anchor.verdict?.top.signature.runtime === 'git' && /^(?:fatal|error): /.test(line);
}

function verdictOf(matches: SignatureMatch[]): LineVerdict | null {
  const real = matches.filter((m) => !m.signature.wrapper);
  if (real.length === 0) return null;
  const byRank = (a: SignatureMatch, b: SignatureMatch): number => b.signature.rank - a.signature.rank;
  const top = [...matches].sort(byRank)[0]!;
  const firm = real.filter((m) => !m.signature.deferClass && m.signature.role !== 'head').sort(byRank);
  const deferred = real.filter((m) => m.signature.deferClass || m.signature.role === 'head').sort(byRank);
  const classMatch = firm[0] ?? deferred[0]!;
  const classes: ErrorClass[] = [classMatch.class];
  for (const m of [...firm, ...deferred]) {
    for (const c of [m.class, ...(m.signature.also ?? [])]) if (!classes.includes(c)) classes.push(c);
  }
  const roles = new Set(real.map((m) => m.signature.role ?? 'strong'));
  const role = roles.has('strong') ? 'strong' : roles.has('head') ? 'head' : 'context';
  return { top, classMatch, deferredOnly: firm.length === 0, classes, role, matches };
}

function orderClasses(classes: ErrorClass[]): ErrorClass[] {
  // A failure to get through a proxy is reported as a proxy problem first, whatever happened
  // underneath (the proxy refused, reset, or timed out).
  return classes.includes('proxy') ? ['proxy', ...classes.filter((c) => c !== 'proxy')] : classes;
}

/** Feeds lines in order; returns findings as their traces end. */
export class LineDetector {
  readonly stats: DetectorStats = { linesMatched: 0, charsMatched: 0 };
  private block: Block | null = null;

  /** True while a trace is open: the caller must feed every following line. */
  get open(): boolean {
    return this.block !== null;
  }

  /**
   * One line (without its newline). `colOffset` shifts columns when the line is a window of a
   * longer one; `prevLine` is the line before, for a timestamp the trace itself lacks.
   */
  feed(raw: string, lineNo: number, colOffset = 0, prev: string | null | (() => string | null) = null): Finding[] {
    const out: Finding[] = [];
    const line0 = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const { text, toOriginal } = stripAnsiLine(line0);
    const b = this.block;
    if (b) {
      if (b.pendingBlank) {
        if (CHAIN_MARKER.test(text) || (b.expectNext && text.trim() !== '')) {
          b.pendingBlank = false;
          this.extend(b, text, lineNo, colOffset, toOriginal);
          return out;
        }
        if (text.trim() === '' && b.expectNext) return out;
        this.close(out);
      } else if (text.trim() === '') {
        b.pendingBlank = true;
        return out;
      } else if (CONTINUATION.test(text) || (b.pyMode && b.prevIndented) || b.expectNext || CHAIN_MARKER.test(text) || sameToolPrefix(b.anchor, text)) {
        this.extend(b, text, lineNo, colOffset, toOriginal);
        if (b.count > MAX_BLOCK_SPAN) this.close(out);
        return out;
      } else {
        this.close(out);
      }
    }
    const verdict = this.analyze(text, false);
    if (!verdict || verdict.role === 'context') return out;
    // Frames, and the source line Python prints under a frame, quote code rather than report.
    // The line before is only read now: most candidate lines never get this far.
    const prevLine = typeof prev === 'function' ? prev() : prev;
    if (FRAME.test(text) || (prevLine !== null && PY_FRAME.test(prevLine))) return out;
    {
      const rec: LineRecord = { text, lineNo, colOffset, toOriginal, verdict };
      this.block = {
        anchor: rec, matched: [rec], lines: [text], lastLineNo: lineNo, lastLineLength: line0.length + colOffset,
        pendingBlank: false, prevIndented: false, pyMode: false, expectNext: false, count: 1, prevLine,
      };
    }
    return out;
  }

  /** Ends the input: closes an open trace. */
  end(): Finding[] {
    const out: Finding[] = [];
    this.close(out);
    return out;
  }

  private analyze(text: string, includeContext: boolean): LineVerdict | null {
    this.stats.linesMatched++;
    this.stats.charsMatched += text.length;
    return verdictOf(matchLine(text, includeContext));
  }

  private extend(b: Block, text: string, lineNo: number, colOffset: number, toOriginal: (i: number) => number): void {
    b.count++;
    b.expectNext = /^(?:During handling of the above exception|The above exception was the direct cause)/.test(text);
    if (text.startsWith('Traceback')) b.pyMode = true;
    b.lastLineNo = lineNo;
    b.lastLineLength = text.length + colOffset;
    b.prevIndented = /^[ \t]/.test(text);
    if (b.lines.length < MAX_BLOCK_LINES) b.lines.push(text);
    // Frames (`at ...`, `File "..."`) never carry the error; skip the matcher for them.
    if (FRAME.test(text)) return;
    const verdict = this.analyze(text, true);
    if (verdict) b.matched.push({ text, lineNo, colOffset, toOriginal, verdict });
  }

  private close(out: Finding[]): void {
    const b = this.block;
    this.block = null;
    if (!b) return;
    const f = buildFinding(b);
    if (f) out.push(f);
  }
}

function buildFinding(b: Block): Finding | null {
  const records = b.matched.filter((r) => r.verdict !== null);
  const firm = records.find((r) => r.verdict!.role !== 'head' && !r.verdict!.deferredOnly);
  const deferred = records.find((r) => r.verdict!.role === 'strong' || (r.verdict!.role === 'context' && r !== b.anchor));
  const classRec = firm ?? deferred;
  if (!classRec) return null; // a head line ("fetch failed") whose cause never came
  const anchor = b.anchor;
  const av = anchor.verdict!;
  const cv = classRec.verdict!;
  const classes: ErrorClass[] = [];
  for (const r of [classRec, ...records]) for (const c of r.verdict!.classes) if (!classes.includes(c)) classes.push(c);
  const ordered = orderClasses(classes);
  // The runtime is the anchor's, unless a later line of the trace names one more specifically
  // (a Node dump's `code:` under a plain "Error: self-signed certificate").
  let named = av.role === 'head' ? cv : av;
  for (const r of records) if (r.verdict!.top.signature.rank > named.top.signature.rank) named = r.verdict!;

  const hints = new Set<Hint>();
  for (const r of records) {
    for (const m of r.verdict!.matches) for (const h of m.signature.hints ?? []) hints.add(h);
    for (const h of textHints(r.text)) hints.add(h);
  }

  let errno: string | null = null;
  for (const r of [anchor, classRec, ...records]) {
    errno = errnoOf(r);
    if (errno) break;
  }
  if (!errno) for (const l of b.lines) if ((errno = scanErrno(l))) break;

  let endpoint = extractEndpoint(anchor.text);
  for (const r of records) if (!endpoint) endpoint = extractEndpoint(r.text);
  endpoint ??= extractDumpEndpoint(b.lines);
  // Tools that say where they connect on the line before the error (wget's "Connecting to ...").
  if (!endpoint && b.prevLine !== null) endpoint = extractEndpoint(b.prevLine);

  let method = extractMethod(anchor.text);
  for (const r of records) method ??= extractMethod(r.text);

  let timestamp = extractTimestamp(anchor.text);
  if (timestamp === null && b.prevLine !== null) timestamp = extractTimestamp(b.prevLine);

  const m = av.top;
  const start = anchor.toOriginal(m.index) + anchor.colOffset;
  const single = b.lastLineNo === anchor.lineNo;
  // Findings never carry credentials (userinfo, auth headers, token parameters): every surface
  // that shows, copies or prints them starts from here. Redacted before clipping, so that a cut
  // cannot leave half a secret that the patterns no longer recognise.
  const text = redactText(anchor.text.trim());
  if (endpoint?.url) endpoint = { ...endpoint, url: redactText(endpoint.url) };
  return {
    line: anchor.lineNo,
    column: start + 1,
    endLine: b.lastLineNo,
    endColumn: single ? anchor.toOriginal(m.index + m.length) + anchor.colOffset + 1 : b.lastLineLength + 1,
    class: ordered[0]!,
    classes: ordered,
    runtime: named.top.signature.runtime,
    signature: named.top.signature.id,
    errno,
    endpoint,
    method,
    hints: [...hints],
    text: text.length > 500 ? text.slice(0, 500) : text,
    timestamp,
  };
}

/** The errno a line's signatures give, in rank order: explicit groups first, then a scan. */
function errnoOf(r: LineRecord): string | null {
  const ms = [...r.verdict!.matches].sort((a, b) => b.signature.rank - a.signature.rank);
  for (const m of ms) {
    const src = m.signature.errno;
    if (src === 'curl' && m.group) return curlName(Number(m.group));
    if (src === 'group' && m.group) return /^\d+$/.test(m.group) ? errnoName(Number(m.group)) : m.group;
  }
  const scanned = scanErrno(r.text);
  if (scanned) return scanned;
  for (const m of ms) {
    const src = m.signature.errno;
    if (src && typeof src === 'object') return src.fixed;
  }
  return null;
}

/** The regexes of this module, for the ReDoS test. */
export const DETECTOR_REGEXES: readonly RegExp[] = [CHAIN_MARKER, CONTINUATION, FRAME, PY_FRAME, TOOL_PREFIX];
