/**
 * Messages between the extension host and the panel's webview, and the view model the panel
 * renders. Both sides validate what they receive: each is untrusted input for the other. All
 * strings are rendered as text by the webview, never as HTML.
 */

/** One occurrence as the panel lists it. */
export interface PanelOccurrence {
  id: string;
  /** ISO time the occurrence was seen. */
  seenAt: string;
  /** Where it was seen, for people: "terminal: go run .", "app.log:12". */
  source: string;
  errorClass: string;
  runtime: string;
  /** The matched log text (already redacted). */
  text: string;
  /** "host:port" or "(no endpoint)"; occurrences are grouped by it. */
  endpoint: string;
  /** How many identical occurrences were folded into this one. */
  count: number;
}

export interface PanelCause {
  id: string;
  title: string;
  /** 0..1 */
  confidence: number;
  evidence: string[];
  summary: string;
  mechanism: string;
  nextSteps: string[];
  citations: { title: string; url: string }[];
}

export interface PanelPhase {
  name: string;
  ms: number | null;
  ok: boolean;
  detail: string;
}

export interface PanelProbe {
  url: string;
  finishedAt: string;
  phases: PanelPhase[];
  /** Keep-alive facts in words ("server closes idle connections after 3.0 s with FIN"). */
  keepAlive: string[];
  error: string | null;
  verdict: PanelCause[];
  recommendations: string[];
}

export interface PanelDetail {
  occurrenceId: string;
  headline: string;
  facts: { label: string; value: string }[];
  causes: PanelCause[];
  retry: { verdict: 'safe' | 'unsafe' | 'unknown'; reason: string };
  probe: PanelProbe | null;
  canProbe: boolean;
  canFix: boolean;
}

export interface PanelState {
  occurrences: PanelOccurrence[];
  selectedId: string | null;
  detail: PanelDetail | null;
  /** A probe in flight: what it is doing now. */
  busy: string | null;
}

export type WebviewMessage =
  | { type: 'ready' }
  /** Sent after each render: what the app's DOM holds (images; scripts, frames, inline handlers), so the host can tell that nothing from the text became markup. */
  | { type: 'rendered'; occurrences: number; selectedId: string | null; images: number; scripts: number }
  | { type: 'select'; id: string }
  | { type: 'probe'; id: string }
  | { type: 'insertFix'; id: string }
  | { type: 'copyMarkdown'; id: string };

export type HostMessage = { type: 'hello'; version: string } | { type: 'state'; state: PanelState };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ID_ACTIONS = new Set(['select', 'probe', 'insertFix', 'copyMarkdown']);

/** True when `v` is a well-formed message from the webview. */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isRecord(v) || typeof v.type !== 'string') return false;
  if (v.type === 'ready') return true;
  if (v.type === 'rendered') {
    const counts = [v.occurrences, v.images, v.scripts];
    return counts.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0) && (v.selectedId === null || typeof v.selectedId === 'string');
  }
  return ID_ACTIONS.has(v.type) && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 200;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function isCause(v: unknown): v is PanelCause {
  return (
    isRecord(v) && isString(v.id) && isString(v.title) && typeof v.confidence === 'number' && isStringArray(v.evidence) &&
    isString(v.summary) && isString(v.mechanism) && isStringArray(v.nextSteps) &&
    Array.isArray(v.citations) && v.citations.every((c) => isRecord(c) && isString(c.title) && isString(c.url))
  );
}

function isOccurrence(v: unknown): v is PanelOccurrence {
  return (
    isRecord(v) && isString(v.id) && isString(v.seenAt) && isString(v.source) && isString(v.errorClass) &&
    isString(v.runtime) && isString(v.text) && isString(v.endpoint) && typeof v.count === 'number'
  );
}

function isProbe(v: unknown): v is PanelProbe {
  return (
    isRecord(v) && isString(v.url) && isString(v.finishedAt) && isStringArray(v.keepAlive) && isNullableString(v.error) &&
    isStringArray(v.recommendations) && Array.isArray(v.verdict) && v.verdict.every(isCause) &&
    Array.isArray(v.phases) &&
    v.phases.every((p) => isRecord(p) && isString(p.name) && (p.ms === null || typeof p.ms === 'number') && typeof p.ok === 'boolean' && isString(p.detail))
  );
}

function isDetail(v: unknown): v is PanelDetail {
  if (!isRecord(v)) return false;
  const retry = v.retry;
  return (
    isString(v.occurrenceId) && isString(v.headline) &&
    Array.isArray(v.facts) && v.facts.every((f) => isRecord(f) && isString(f.label) && isString(f.value)) &&
    Array.isArray(v.causes) && v.causes.every(isCause) &&
    isRecord(retry) && (retry.verdict === 'safe' || retry.verdict === 'unsafe' || retry.verdict === 'unknown') && isString(retry.reason) &&
    (v.probe === null || isProbe(v.probe)) && typeof v.canProbe === 'boolean' && typeof v.canFix === 'boolean'
  );
}

/** True when `v` is a well-formed panel state. */
export function isPanelState(v: unknown): v is PanelState {
  return (
    isRecord(v) && Array.isArray(v.occurrences) && v.occurrences.every(isOccurrence) && isNullableString(v.selectedId) &&
    (v.detail === null || isDetail(v.detail)) && isNullableString(v.busy)
  );
}

/** True when `v` is a well-formed message from the host. */
export function isHostMessage(v: unknown): v is HostMessage {
  if (!isRecord(v)) return false;
  if (v.type === 'hello') return typeof v.version === 'string';
  if (v.type === 'state') return isPanelState(v.state);
  return false;
}
