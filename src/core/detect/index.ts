/**
 * Detection API: finds network errors in text a user did not write (terminal output, logs, CI
 * output, stack traces). Lines and columns are 1-based; columns count UTF-16 units of the line.
 */
import type { Finding } from '../types';
import { LineDetector } from './line-detector';
import { scanLines } from './scan-lines';
import { searchable } from './stream';

export { stripAnsi } from './ansi';
export { inferCadence } from './cadence';
export { StreamDetector, scanStream, MAX_LINE, type ScanStreamOptions, type ScanStreamResult } from './stream';
export { extractEndpoint, extractMethod, extractTimestamp } from './extract';
export { LineDetector, type DetectorStats } from './line-detector';

export interface DetectOptions {
  /** Line number of the first line of `text` (1-based; default 1). */
  firstLine?: number;
}

/** Every network-error occurrence in `text` (ANSI escapes and CR are tolerated). */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  const out: Finding[] = [];
  const det = new LineDetector();
  const { source, prefilter } = searchable(text);
  scanLines(source, det, prefilter, options.firstLine ?? 1, (f) => out.push(f));
  out.push(...det.end());
  return out;
}
