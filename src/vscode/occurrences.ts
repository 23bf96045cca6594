import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { OccurrenceList, type Occurrence, type OccurrenceSource } from '../core/editor/occurrence-list';
import type { Finding } from '../core/types';

export type { Occurrence, OccurrenceSource, OccurrenceSourceKind } from '../core/editor/occurrence-list';

export interface OccurrenceChange {
  added: Occurrence[];
  /** Occurrences seen again (count/lastSeen) or given more facts (a terminal command's exit code). */
  updated: Occurrence[];
  removed: Occurrence[];
  /** The user asked to explain these (a link, a hover): nothing to announce. */
  byUser?: boolean;
}

/**
 * Every occurrence the editor surfaces detect, shared by them and read by the panel. Adding never
 * probes anything: it only records and announces.
 */
export class OccurrenceStore extends Disposable {
  private readonly list: OccurrenceList;
  private selected: string | null = null;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<OccurrenceChange>());
  private readonly selectEmitter = this._register(new vscode.EventEmitter<Occurrence>());
  /** Fires once per `add`/`update`/`clear` batch. */
  readonly onDidChange = this.changeEmitter.event;
  /** Fires when a surface asks to explain an occurrence (hover link, terminal link, diagnostic). */
  readonly onDidSelect = this.selectEmitter.event;

  constructor(cap: number) {
    super();
    this.list = new OccurrenceList(cap);
  }

  get size(): number {
    return this.list.size;
  }

  /** Newest first. */
  all(): Occurrence[] {
    return this.list.all().sort((a, b) => b.lastSeen - a.lastSeen);
  }

  get(id: string): Occurrence | undefined {
    return this.list.get(id);
  }

  get selectedId(): string | null {
    return this.selected;
  }

  /** Records `findings` from one source; returns the occurrence of each (new or folded). `byUser`:
   * the user picked them (explain from a hover or link), so no notification is due. */
  add(source: OccurrenceSource, findings: readonly Finding[], options: { byUser?: boolean } = {}): Occurrence[] {
    if (findings.length === 0) return [];
    const change: OccurrenceChange = { added: [], updated: [], removed: [], byUser: options.byUser === true };
    const now = Date.now();
    const out: Occurrence[] = [];
    for (const f of findings) {
      const r = this.list.add(source, f, now);
      out.push(r.occurrence);
      (r.isNew ? change.added : change.updated).push(r.occurrence);
      change.removed.push(...r.evicted);
    }
    // An occurrence added and evicted in the same batch is reported as neither.
    if (change.removed.length > 0) {
      const gone = new Set(change.removed.map((o) => o.id));
      change.added = change.added.filter((o) => !gone.has(o.id));
    }
    this.changeEmitter.fire(change);
    return out;
  }

  /** Adds facts learnt later (the exit code of the command that printed the error). */
  updateSource(ids: readonly string[], patch: Partial<OccurrenceSource>): void {
    const updated: Occurrence[] = [];
    for (const id of ids) {
      const o = this.list.get(id);
      if (!o) continue;
      Object.assign(o.source, patch);
      updated.push(o);
    }
    if (updated.length > 0) this.changeEmitter.fire({ added: [], updated, removed: [] });
  }

  /** Marks `id` as the one to explain and tells listeners (the panel). */
  select(id: string): Occurrence | undefined {
    const o = this.list.get(id);
    if (!o) return undefined;
    this.selected = id;
    this.selectEmitter.fire(o);
    return o;
  }

  setCap(cap: number): void {
    const removed = this.list.setCap(cap);
    if (removed.length > 0) this.changeEmitter.fire({ added: [], updated: [], removed });
  }

  /** Forgets the occurrences `predicate` accepts (a document closed), or all of them. */
  remove(predicate: (o: Occurrence) => boolean = () => true): void {
    const removed = this.list.removeWhere(predicate);
    if (this.selected && removed.some((o) => o.id === this.selected)) this.selected = null;
    if (removed.length > 0) this.changeEmitter.fire({ added: [], updated: [], removed });
  }
}
