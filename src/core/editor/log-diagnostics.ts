/**
 * Editor-free parts of the log diagnostics: which cause a finding's diagnostic links to, its
 * severity class, its message, and which other findings repeat it.
 */
import { getCause, rankCauses } from '../causes';
import type { CauseId, ErrorClass, Finding } from '../types';
import { classLabel, endpointLabel } from './hover-content';

/** Diagnostics published per document at most: VS Code shows no more than this many per file anyway,
 * and each publication costs time proportional to the count. */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 1000;

/** Classes reported as warnings (the connection dropped mid-request); the rest are information. */
const WARNING_CLASSES: ReadonlySet<ErrorClass> = new Set(['reset', 'eof_closed', 'broken_pipe']);

export function isWarningClass(c: ErrorClass): boolean {
  return WARNING_CLASSES.has(c);
}

/** Top cause of a finding, memoised on what ranking reads from a single finding. */
export class TopCauseCache {
  private readonly memo = new Map<string, CauseId | null>();

  get(f: Finding): CauseId | null {
    const key = `${f.signature}|${f.class}|${f.classes.join(',')}|${f.hints.join(',')}|${f.method ?? ''}|${f.runtime}|${f.errno ?? ''}`;
    let v = this.memo.get(key);
    if (v === undefined) {
      v = rankCauses([f])[0]?.id ?? null;
      this.memo.set(key, v);
    }
    return v;
  }
}

/** One-line diagnostic message: class, runtime, endpoint, and the likeliest cause. */
export function diagnosticMessage(f: Finding, cause: CauseId | null): string {
  const parts = [`${classLabel(f.class)} (${f.runtime})`];
  if (f.endpoint) parts.push(`to ${endpointLabel(f.endpoint)}`);
  let msg = parts.join(' ');
  if (cause) msg += `. Likely cause: ${getCause(cause).title}.`;
  return msg;
}

/** Findings that repeat each other (same signature and endpoint), by group, in order. */
export function groupRepeats(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.signature}|${f.endpoint ? endpointLabel(f.endpoint) : ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  return groups;
}
