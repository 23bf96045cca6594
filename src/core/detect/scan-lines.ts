/**
 * The fast path shared by `detect`, `StreamDetector` and `scanStream`: a cheap case-insensitive
 * keyword prefilter jumps from candidate line to candidate line; only candidates (and the lines of
 * a trace that is open) reach the signature matcher. Long lines are matched in windows around
 * each keyword hit, so no regex ever runs over more than a few KiB.
 */
import type { Finding } from '../types';
import type { LineDetector } from './line-detector';

/** Lines longer than this are matched in windows around keyword hits (UTF-16 units or bytes). */
export const WINDOW_THRESHOLD = 4096;
/** A long line's window around a keyword hit: this much before it and after it. */
const WINDOW_BEFORE = 1024;
const WINDOW_AFTER = 2048;

export interface LineSource {
  /** The text to search: a JS string, or bytes read as latin1 (one char per byte). */
  text: string;
  /** The line's text between two offsets of `text` (decodes UTF-8 in the byte view). */
  slice(start: number, end: number): string;
}

/**
 * Scans complete lines of `src.text`; returns the number of lines it covered. `before` is the line
 * before the text's first line, when the text continues a stream.
 */
export function scanLines(src: LineSource, det: LineDetector, prefilter: RegExp, firstLine: number, emit: (f: Finding) => void, before: string | null = null): number {
  const s = src.text;
  const n = s.length;
  if (n === 0) {
    for (const f of det.feed('', firstLine)) emit(f);
    return 1;
  }
  let pos = 0;
  let lineNo = firstLine;
  let prevStart = -1;
  const prevOf = (start: number): (() => string | null) => {
    const from = prevStart;
    // The text's first line looks back at `before`, the line before the text (when it continues a stream).
    if (from < 0 && start === 0) return () => (before !== null && before.length <= WINDOW_THRESHOLD ? before : null);
    return () => (from >= 0 && start - from <= WINDOW_THRESHOLD ? src.slice(from, start - 1) : null);
  };
  const feed = (start: number, end: number, colOffset: number, prev: (() => string | null) | null): void => {
    for (const f of det.feed(src.slice(start, end), lineNo, colOffset, prev)) emit(f);
  };
  while (pos < n) {
    if (det.open) {
      // Inside a trace every line counts, candidate or not.
      let end = s.indexOf('\n', pos);
      if (end === -1) end = n;
      const cut = Math.min(end, pos + WINDOW_THRESHOLD);
      feed(pos, cut, 0, prevOf(pos));
      prevStart = pos;
      if (end - pos > WINDOW_THRESHOLD && !det.open) {
        // An overlong line that closed the trace may hold errors of its own further on.
        scanLongLine(src, det, prefilter, pos, end, lineNo, emit, cut);
      }
      pos = end + 1;
      lineNo++;
      continue;
    }
    prefilter.lastIndex = pos;
    const hit = prefilter.exec(s);
    if (!hit) {
      lineNo += countNewlines(s, pos, n) + 1;
      break;
    }
    const lineStart = s.lastIndexOf('\n', hit.index) + 1;
    const start = Math.max(lineStart, pos);
    lineNo += countNewlines(s, pos, start);
    let end = s.indexOf('\n', hit.index);
    if (end === -1) end = n;
    if (end - start <= WINDOW_THRESHOLD) {
      prevStart = start > pos ? s.lastIndexOf('\n', start - 2) + 1 : prevStart;
      feed(start, end, 0, prevOf(start));
      prevStart = start;
    } else {
      scanLongLine(src, det, prefilter, start, end, lineNo, emit, start);
    }
    pos = end + 1;
    lineNo++;
  }
  // Text that ends with a newline has an empty last line, which the loop stops before.
  if (pos === n) {
    if (det.open) for (const f of det.feed('', lineNo)) emit(f);
    lineNo++;
  }
  return lineNo - firstLine;
}

/**
 * Windows around every keyword hit of one overlong line `[lineStart, lineEnd)`, from `from` on.
 * `nextHit(from)` gives the next hit's offset in the line (or -1); `slice` cuts a window's text.
 * A window reaches back WINDOW_BEFORE from its hit (the keyword is often not where a signature
 * starts: "read ECONNRESET" is found by "econnreset"), but not into text already fed (before
 * `from`). Shared by the string and the byte scans.
 */
export function scanWindows(det: LineDetector, lineStart: number, lineEnd: number, from: number, lineNo: number, emit: (f: Finding) => void, nextHit: (from: number) => number, slice: (start: number, end: number) => string): void {
  let fed = from;
  while (fed < lineEnd) {
    const hit = nextHit(fed);
    if (hit === -1 || hit >= lineEnd) break;
    const wStart = Math.max(lineStart, hit - WINDOW_BEFORE, fed);
    const wEnd = Math.min(lineEnd, hit + WINDOW_AFTER);
    for (const f of det.feed(slice(wStart, wEnd), lineNo, wStart - lineStart, null)) emit(f);
    // A window never continues a trace: close it so the next window stands alone.
    for (const f of det.end()) emit(f);
    fed = wEnd;
  }
}

/** The string scan's long lines: windows around the prefilter's hits from `from` on. */
function scanLongLine(src: LineSource, det: LineDetector, prefilter: RegExp, lineStart: number, lineEnd: number, lineNo: number, emit: (f: Finding) => void, from: number): void {
  const nextHit = (at: number): number => {
    prefilter.lastIndex = at;
    return prefilter.exec(src.text)?.index ?? -1;
  };
  scanWindows(det, lineStart, lineEnd, from, lineNo, emit, nextHit, (a, b) => src.slice(a, b));
}

/** Newlines in `s` between two offsets. */
export function countNewlines(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) count++;
  return count;
}
