/**
 * The list of occurrences every editor surface feeds (terminal, debug console, logs, documents):
 * deduplicated, capped, newest last. Editor-free; the VS Code store wraps it with events.
 */
import type { Endpoint, Finding } from '../types';

/** terminal: a terminal's output; debug: a debug session's output events; logFile: a watched log
 * file followed on disk; output: an Output channel; document: a document open in the editor. */
export type OccurrenceSourceKind = 'terminal' | 'debug' | 'logFile' | 'output' | 'document';

export interface OccurrenceSource {
  kind: OccurrenceSourceKind;
  /** For people: terminal name, debug session name, file path, document name. */
  label: string;
  /** The document or file the text came from (URI string), when there is one. */
  uri?: string;
  /** Terminal: the command line that printed the error, and its exit code once known. */
  commandLine?: string;
  exitCode?: number;
  /** Distinguishes runs of the same source (terminal command, debug session); part of the dedupe key. */
  runId?: string;
}

export interface Occurrence {
  /** Stable id within one extension host session. */
  id: string;
  /** Epoch ms when first seen, and when last seen again (duplicates fold into `count`). */
  firstSeen: number;
  lastSeen: number;
  count: number;
  source: OccurrenceSource;
  endpoint: Endpoint | null;
  finding: Finding;
}

/** Dedupe key: the same source, the same text at the same place is one occurrence seen again. */
export function occurrenceKey(source: OccurrenceSource, f: Finding): string {
  return [source.kind, source.uri ?? source.label, source.runId ?? '', f.line, f.column, f.text].join('\u0000');
}

export interface AddResult {
  occurrence: Occurrence;
  /** False when it folded into an existing occurrence. */
  isNew: boolean;
  /** Occurrences dropped to stay within the cap (oldest first). */
  evicted: Occurrence[];
}

export class OccurrenceList {
  private readonly byKey = new Map<string, Occurrence>();
  private readonly keyOf = new Map<string, string>();
  private nextId = 1;

  constructor(private cap: number) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Oldest first. */
  all(): Occurrence[] {
    return [...this.byKey.values()];
  }

  get(id: string): Occurrence | undefined {
    const key = this.keyOf.get(id);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  add(source: OccurrenceSource, finding: Finding, now: number): AddResult {
    const key = occurrenceKey(source, finding);
    const existing = this.byKey.get(key);
    if (existing) {
      existing.count++;
      existing.lastSeen = now;
      // Re-insert so that eviction drops the least recently seen.
      this.byKey.delete(key);
      this.byKey.set(key, existing);
      return { occurrence: existing, isNew: false, evicted: [] };
    }
    const occurrence: Occurrence = { id: `o${this.nextId++}`, firstSeen: now, lastSeen: now, count: 1, source: { ...source }, endpoint: finding.endpoint, finding };
    this.byKey.set(key, occurrence);
    this.keyOf.set(occurrence.id, key);
    return { occurrence, isNew: true, evicted: this.trim() };
  }

  /** Changes the cap (a setting changed); returns what no longer fits. */
  setCap(cap: number): Occurrence[] {
    this.cap = cap;
    return this.trim();
  }

  /** Removes the occurrences `predicate` accepts; returns them. */
  removeWhere(predicate: (o: Occurrence) => boolean): Occurrence[] {
    const gone: Occurrence[] = [];
    for (const [key, o] of this.byKey) {
      if (!predicate(o)) continue;
      this.byKey.delete(key);
      this.keyOf.delete(o.id);
      gone.push(o);
    }
    return gone;
  }

  clear(): void {
    this.byKey.clear();
    this.keyOf.clear();
  }

  private trim(): Occurrence[] {
    const evicted: Occurrence[] = [];
    for (const [key, o] of this.byKey) {
      if (this.byKey.size <= Math.max(1, this.cap)) break;
      this.byKey.delete(key);
      this.keyOf.delete(o.id);
      evicted.push(o);
    }
    return evicted;
  }
}
