import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { Commands } from './ids';
import { onDidChangeConfig, readConfig, type EditorConfig } from './config';
import type { Services } from './services';
import { scanInSlices, type LineSource, type SlicedScanResult } from '../core/editor/sliced-scan';
import { MAX_DIAGNOSTICS_PER_DOCUMENT, TopCauseCache, diagnosticMessage, groupRepeats, isWarningClass } from '../core/editor/log-diagnostics';
import { commandUri } from '../core/editor/markdown';
import type { Finding } from '../core/types';

export const DIAGNOSTIC_SOURCE = 'Connection Doctor';
/** Related locations listed per diagnostic for a repeated error. */
const MAX_RELATED = 5;
/** While a long scan runs, diagnostics are republished at most this often (ms). */
const PUBLISH_EVERY_MS = 500;
/** Typing in a log waits this long before rescanning (ms). */
const CHANGE_DEBOUNCE_MS = 300;

export interface LogScanEvent {
  uri: vscode.Uri;
  version: number;
  result: SlicedScanResult;
  /** ms from the scan's start to the first publication of diagnostics; null when there were none. */
  firstPublishMs: number | null;
  /** 0-based line the scan started at: 0 for a full scan, further down after an edit below the top. */
  fromLine: number;
  skipped: 'too-large' | null;
}

function documentLines(doc: vscode.TextDocument): LineSource {
  return {
    lineCount: doc.lineCount,
    text: (start, end) => doc.getText(new vscode.Range(start, 0, end, 0)),
  };
}

/**
 * Diagnostics for network errors in log documents: one per finding, linked to its likeliest cause,
 * computed in slices that yield to the extension host, and dropped when the document closes.
 */
export class LogDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('connectionDoctor'));
  private config: EditorConfig = readConfig();
  private readonly causes = new TopCauseCache();
  /** The running scan of each document, by a number unique to it: a newer scan or a close makes older ones stop. */
  private readonly generation = new Map<string, number>();
  private scans = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The findings of each document's last completed scan, and what changed since (lowest edited line). */
  private readonly done = new Map<string, { findings: Finding[] }>();
  private readonly dirtyFrom = new Map<string, number>();
  private readonly scanEmitter = this._register(new vscode.EventEmitter<LogScanEvent>());
  /** Fires when a document's scan completes (tests and logs read it). */
  readonly onDidScan = this.scanEmitter.event;

  constructor(private readonly services: Services) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0 || !this.isLog(e.document)) return;
      // Lines above the first edited one are unchanged: the next scan starts there (a growing log
      // is rescanned from its old last line, not from the top).
      const key = e.document.uri.toString();
      const first = Math.min(...e.contentChanges.map((c) => c.range.start.line));
      this.dirtyFrom.set(key, Math.min(this.dirtyFrom.get(key) ?? Infinity, first));
      this.schedule(e.document, CHANGE_DEBOUNCE_MS);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    // VS Code keeps a document alive for a while after its last editor closes: clear on the tab
    // closing too, and scan again when a tab shows the document once more.
    this._register(vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
        if (uri && !this.isShown(uri)) this.forget(uri);
      }
      for (const tab of e.opened) {
        const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
        const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc && !this.done.has(uri.toString())) this.schedule(doc, 0);
      }
    }));
    this._register(onDidChangeConfig((c) => {
      this.config = c;
      for (const d of vscode.workspace.textDocuments) {
        // Settings may change what is reported: scan again from the top.
        this.forget(d.uri);
        if (this.isLog(d)) this.schedule(d, 0);
      }
    }));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** A log: the `log` language or a configured glob, on disk or untitled (never an Output channel). */
  isLog(doc: vscode.TextDocument): boolean {
    if (!this.config.diagnosticsEnabled || doc.uri.scheme === 'output') return false;
    if (doc.languageId === 'log') return true;
    return this.config.logGlobs.some((pattern) => vscode.languages.match({ pattern }, doc) > 0);
  }

  private isShown(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!this.isLog(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scan(doc).catch((e: unknown) => this.services.log.error(`log scan of ${doc.uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delayMs));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.done.delete(key);
    this.dirtyFrom.delete(key);
    this.generation.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(uri);
  }

  private async scan(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const gen = ++this.scans;
    this.generation.set(key, gen);
    const version = doc.version;
    const size = doc.offsetAt(new vscode.Position(doc.lineCount, 0));
    if (size > this.config.maxLogSizeBytes) {
      this.collection.delete(doc.uri);
      this.done.delete(key);
      this.services.log.info(`not scanning ${doc.uri.fsPath}: ${(size / 1048576).toFixed(1)} MB is above connectionDoctor.diagnostics.maxLogSizeMB`);
      this.scanEmitter.fire({ uri: doc.uri, version, result: { findings: [], slices: 0, lines: 0, longestSliceMs: 0, firstFindingsMs: null, totalMs: 0, cancelled: false }, firstPublishMs: null, fromLine: 0, skipped: 'too-large' });
      return;
    }
    const t0 = performance.now();
    let firstPublishMs: number | null = null;
    let lastPublish = 0;
    // Incremental when an earlier scan is complete: keep its findings above the first edited line,
    // and start where a kept trace could continue (its first line) or at the edit.
    const previous = this.done.get(key);
    let fromLine = 0;
    const all: Finding[] = [];
    const edited = this.dirtyFrom.get(key);
    if (previous && edited !== undefined) {
      fromLine = Math.min(edited, doc.lineCount);
      for (const f of previous.findings) if (f.endLine - 1 >= fromLine - 1) fromLine = Math.min(fromLine, f.line - 1);
      for (const f of previous.findings) if (f.line - 1 < fromLine) all.push(f);
    }
    const dirtyAtStart = edited;
    let total = all.length;
    const stale = (): boolean => this.isDisposed || this.generation.get(key) !== gen || doc.isClosed || doc.version !== version;
    const result = await scanInSlices(documentLines(doc), {
      startLine: fromLine,
      isCancelled: stale,
      onFindings: (found) => {
        total += found.length;
        const room = MAX_DIAGNOSTICS_PER_DOCUMENT - all.length;
        if (room <= 0) return;
        all.push(...found.slice(0, room));
        const now = performance.now();
        if (firstPublishMs === null || now - lastPublish >= PUBLISH_EVERY_MS) {
          this.publish(doc, all);
          lastPublish = now;
          firstPublishMs ??= now - t0;
        }
      },
    });
    if (result.cancelled || stale()) return;
    this.publish(doc, all);
    this.done.set(key, { findings: all });
    // Edits that arrived during the scan made it stale (and returned above): what is left is this scan's.
    if (this.dirtyFrom.get(key) === dirtyAtStart) this.dirtyFrom.delete(key);
    this.services.log.info(`scanned ${vscode.workspace.asRelativePath(doc.uri)} from line ${fromLine + 1}: ${total} findings${total > all.length ? ` (the first ${all.length} shown)` : ''}, ${result.lines - fromLine} lines in ${result.totalMs.toFixed(0)} ms (${result.slices} slices, longest ${result.longestSliceMs.toFixed(1)} ms)`);
    this.scanEmitter.fire({ uri: doc.uri, version, result, firstPublishMs, fromLine, skipped: null });
  }

  private publish(doc: vscode.TextDocument, findings: readonly Finding[]): void {
    const related = new Map<Finding, Finding[]>();
    for (const group of groupRepeats(findings).values()) {
      if (group.length < 2) continue;
      for (const f of group) related.set(f, group);
    }
    const diagnostics = findings.map((f) => {
      const cause = this.causes.get(f);
      const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
      const d = new vscode.Diagnostic(range, diagnosticMessage(f, cause), isWarningClass(f.class) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: cause ?? f.class, target: vscode.Uri.parse(commandUri(Commands.explainOccurrence, [{ documentUri: doc.uri.toString(), line: f.line - 1 }])) };
      const group = related.get(f);
      if (group) {
        const others = group.filter((g) => g !== f).slice(0, MAX_RELATED);
        d.relatedInformation = others.map((g) => new vscode.DiagnosticRelatedInformation(
          new vscode.Location(doc.uri, new vscode.Range(g.line - 1, g.column - 1, g.endLine - 1, g.endColumn - 1)),
          `Same error again (${group.length} in this log)`,
        ));
      }
      return d;
    });
    this.collection.set(doc.uri, diagnostics);
  }
}

export function registerDiagnostics(context: vscode.ExtensionContext, services: Services): LogDiagnostics {
  const diagnostics = new LogDiagnostics(services);
  context.subscriptions.push(diagnostics);
  return diagnostics;
}
