/**
 * Detection API (issue 3). This file fixes the contract other modules build on; the detector
 * helper fills it in. Lines and columns are 1-based.
 */
import type { Cadence, Finding } from '../types';

export interface DetectOptions {
  /** Line number of the first line of `text` (1-based; default 1). */
  firstLine?: number;
}

/** Every network-error occurrence in `text` (ANSI escapes and CR are tolerated). */
export function detect(_text: string, _options: DetectOptions = {}): Finding[] {
  throw new Error('detect: not implemented yet');
}

/** Removes ANSI/OSC escape sequences (terminal output) from `text`. */
export function stripAnsi(text: string): string {
  return text;
}

/** Infers a regular idle period from timestamped findings, or null when there is none. */
export function inferCadence(_findings: readonly Finding[]): Cadence | null {
  return null;
}
