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
  /** Target duration of one slice, ms (default 8). Slices adapt their line count to it. */
  sliceBudgetMs?: number;
  /** Lines in the first slice (default 2000). */
  initialLines?: number;
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
  lines: number;
  /** Longest single slice (the longest the event loop was held), ms. */
  longestSliceMs: number;
  /** From the start until the first slice with findings was delivered, ms; null when none. */
  firstFindingsMs: number | null;
  totalMs: number;
  cancelled: boolean;
}

const MIN_LINES = 100;
const MAX_LINES = 200_000;

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the detector over `src` in slices of about `sliceBudgetMs` each. */
export async function scanInSlices(src: LineSource, options: SlicedScanOptions = {}): Promise<SlicedScanResult> {
  const now = options.now ?? (() => performance.now());
  const budget = options.sliceBudgetMs ?? 8;
  const yieldToLoop = options.yieldToLoop ?? immediate;
  const t0 = now();
  const findings: Finding[] = [];
  let lines = options.initialLines ?? 2000;
  let start = 0;
  let slices = 0;
  let longest = 0;
  let first: number | null = null;
  const detector = new StreamDetector();
  while (start < src.lineCount) {
    if (options.isCancelled?.()) return { findings, slices, lines: start, longestSliceMs: longest, firstFindingsMs: first, totalMs: now() - t0, cancelled: true };
    const s0 = now();
    const end = Math.min(src.lineCount, start + lines);
    let text = src.text(start, end);
    if (end === src.lineCount && !text.endsWith('\n')) text += '\n';
    // One stream detector across slices: a trace cut by a slice boundary is still counted once.
    const found = detector.push(text);
    if (end === src.lineCount) found.push(...detector.end());
    if (found.length > 0) {
      for (const f of found) findings.push(f);
      options.onFindings?.(found);
      first ??= now() - t0;
    }
    const took = now() - s0;
    longest = Math.max(longest, took);
    slices++;
    // Aim the next slice at the budget; halve quickly when a slice ran long (dense findings).
    const rate = (end - start) / Math.max(took, 0.05);
    lines = Math.min(MAX_LINES, Math.max(MIN_LINES, Math.floor(rate * budget * 0.8)));
    start = end;
    if (start < src.lineCount) await yieldToLoop();
  }
  return { findings, slices, lines: start, longestSliceMs: longest, firstFindingsMs: first, totalMs: now() - t0, cancelled: false };
}

/** A LineSource over an array of lines (the benchmark's stand-in for an open document). */
export function arrayLineSource(lines: readonly string[]): LineSource {
  return {
    lineCount: lines.length,
    text: (start, end) => (end > start ? `${lines.slice(start, end).join('\n')}\n` : ''),
  };
}
