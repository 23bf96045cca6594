/**
 * Scans a large text (a log open in the editor) in slices, yielding to the event loop between
 * slices so that the extension host never blocks for long. The same code runs in the editor and in
 * the benchmark, which measures the longest slice.
 */
import { StreamDetector } from '../detect';
import type { Finding } from '../types';

/** 0-based line access: `text(start, end)` returns lines [start, end), each ended by its line break
 * (the last line of the source may lack one). */
export interface LineSource {
  readonly lineCount: number;
  text(start: number, end: number): string;
}

export interface SlicedScanOptions {
  /** A slice ends once it has run this long, ms (default 8); it may overrun by one chunk. */
  sliceBudgetMs?: number;
  /** 0-based line to start at (a rescan after an edit further down); findings keep document line numbers. */
  startLine?: number;
  /** Lines handed to the detector at a time; the clock is checked between chunks (default 256). */
  chunkLines?: number;
  /** Called after each slice that found something, with that slice's findings. */
  onFindings?: (findings: Finding[]) => void;
  /** Checked between slices: true stops the scan (the document changed or closed). */
  isCancelled?: () => boolean;
  /** How to yield between slices; default `setImmediate`. */
  yieldToLoop?: () => Promise<void>;
  /** Clock in ms; default `performance.now`. */
  now?: () => number;
}

export interface SlicedScanResult {
  findings: Finding[];
  slices: number;
  /** The 0-based line the scan reached (the source's line count when it completed). */
  lines: number;
  /** Longest single slice (the longest the event loop was held), ms. */
  longestSliceMs: number;
  /** From the start until the first slice with findings was delivered, ms; null when none. */
  firstFindingsMs: number | null;
  totalMs: number;
  cancelled: boolean;
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the detector over `src` in slices of about `sliceBudgetMs` each. */
export async function scanInSlices(src: LineSource, options: SlicedScanOptions = {}): Promise<SlicedScanResult> {
  const now = options.now ?? (() => performance.now());
  const budget = options.sliceBudgetMs ?? 8;
  const yieldToLoop = options.yieldToLoop ?? immediate;
  const t0 = now();
  const findings: Finding[] = [];
  const chunk = Math.max(1, options.chunkLines ?? 256);
  // One stream detector across chunks and slices: a trace cut by a boundary is still counted once.
  let start = Math.max(0, Math.min(src.lineCount, options.startLine ?? 0));
  const detector = new StreamDetector({ firstLine: start + 1 });
  let slices = 0;
  let longest = 0;
  let first: number | null = null;
  const result = (cancelled: boolean): SlicedScanResult => ({ findings, slices, lines: start, longestSliceMs: longest, firstFindingsMs: first, totalMs: now() - t0, cancelled });
  while (start < src.lineCount) {
    if (options.isCancelled?.()) return result(true);
    const s0 = now();
    const found: Finding[] = [];
    // Chunks until the budget is spent: the slice's length follows the real cost of each chunk
    // (dense findings, long lines, GC) instead of a prediction from the previous slice.
    do {
      const end = Math.min(src.lineCount, start + chunk);
      let text = src.text(start, end);
      if (end === src.lineCount && !text.endsWith('\n')) text += '\n';
      found.push(...detector.push(text));
      if (end === src.lineCount) found.push(...detector.end());
      start = end;
    } while (start < src.lineCount && now() - s0 < budget);
    if (found.length > 0) {
      for (const f of found) findings.push(f);
      options.onFindings?.(found);
      first ??= now() - t0;
    }
    longest = Math.max(longest, now() - s0);
    slices++;
    if (start < src.lineCount) await yieldToLoop();
  }
  return result(false);
}

/** A LineSource over an array of lines (the benchmark's stand-in for an open document). */
export function arrayLineSource(lines: readonly string[]): LineSource {
  return {
    lineCount: lines.length,
    text: (start, end) => (end > start ? `${lines.slice(start, end).join('\n')}\n` : ''),
  };
}
