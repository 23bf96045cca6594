/**
 * Cause knowledge base API (issue 3). This file fixes the contract; the causes helper fills it in.
 */
import type { Cadence, CauseId, ErrorClass, Finding, FixId, FixLanguage, ProbeReport, RankedCause, RetryVerdict } from '../types';

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

export interface RankContext {
  cadence?: Cadence | null;
  probe?: ProbeReport | null;
}

export function getCause(_id: CauseId): CauseInfo {
  throw new Error('causes: not implemented yet');
}

/** Causes ordered by confidence, each with the evidence that moved it. */
export function rankCauses(_findings: readonly Finding[], _context: RankContext = {}): RankedCause[] {
  return [];
}

/** Whether retrying the failed request automatically is safe (RFC 9110 §9.2.2). */
export function retrySafety(_method: string | null, _context: { idempotencyKey?: boolean } = {}): RetryVerdict {
  return { verdict: 'unknown', reason: 'not implemented yet' };
}
