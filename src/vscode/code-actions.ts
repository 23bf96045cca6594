import * as vscode from 'vscode';
import { getCause, rankCauses } from '../core/causes/index';
import { findingAtLine } from '../core/editor/hover-content';
import type { FixOffer, Site } from '../core/fixes/index';
import type { FixLanguageDialect } from '../core/fixes/parser';
import { probeUrlFor } from '../core/panel-model';
import { CAUSE_IDS, type CauseId, type Endpoint, type FixId, type FixParams, type ProbeReport } from '../core/types';
import { Disposable } from './disposable';
import { Commands } from './ids';
import { loadFixEngine } from './lazy';
import type { ProbeResult, ProbeResults } from './probe-results';
import type { ProbeRunner } from './probe-command';
import type { Services } from './services';
import { readConfig } from './config';

const SOURCE_SELECTOR: vscode.DocumentSelector = [
  { language: 'go' },
  { language: 'php' },
  { language: 'javascript' },
  { language: 'javascriptreact' },
  { language: 'typescript' },
  { language: 'typescriptreact' },
];
const DIAGNOSTIC_SOURCE = 'Connection Doctor';

/** The fix engine's dialect for an open document, by language id first, file name second. */
export function dialectOf(doc: vscode.TextDocument): FixLanguageDialect | null {
  switch (doc.languageId) {
    case 'go':
      return 'go';
    case 'php':
      return 'php';
    case 'javascript':
    case 'javascriptreact':
      return 'javascript';
    case 'typescript':
      return 'typescript';
    case 'typescriptreact':
      return 'tsx';
    default:
      return loadFixEngine().languageForPath(doc.fileName);
  }
}

/** Fix parameters from a probe: the measured server idle timeout and the recommended client one. */
export function paramsFromProbe(report: ProbeReport | undefined): FixParams | undefined {
  if (!report) return undefined;
  const params: FixParams = {};
  const measured = report.keepAlive?.idleTimeoutMs ?? null;
  const hinted = report.http?.keepAliveHint?.timeoutSeconds;
  if (measured !== null) params.serverIdleMs = measured;
  else if (hinted !== null && hinted !== undefined) params.serverIdleMs = hinted * 1000;
  for (const r of report.recommendations) {
    if (r.fix === 'keepalive-idle' && r.params.clientIdleMs !== undefined) params.clientIdleMs = r.params.clientIdleMs;
    if (r.fix === 'tcp-keepalive' && r.params.tcpKeepAliveMs !== undefined) params.tcpKeepAliveMs = r.params.tcpKeepAliveMs;
    if (r.fix === 'timeouts') {
      if (r.params.connectTimeoutMs !== undefined) params.connectTimeoutMs = r.params.connectTimeoutMs;
      if (r.params.totalTimeoutMs !== undefined) params.totalTimeoutMs = r.params.totalTimeoutMs;
    }
  }
  return Object.keys(params).length ? params : undefined;
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: { start: number; end: number; newText: string }[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return we;
}

function siteRange(o: FixOffer): vscode.Range {
  const r = o.site.range;
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

interface Analysis {
  version: number;
  dialect: FixLanguageDialect;
  sites: Promise<Site[]>;
  offers(params: FixParams | undefined): Promise<FixOffer[]>;
}

/** A fix offered at one site; its edit is planned when the user picks it. */
class FixAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly target: { uri: vscode.Uri; dialect: FixLanguageDialect; fix: FixId; params: FixParams | undefined; siteIndex: number },
  ) {
    super(title, kind);
  }
}

/** Arguments of the internal probe-and-configure command. */
interface ProbeAndFixArgs {
  uri: string;
  siteIndex: number;
  url: string | null;
  version: number;
}

/**
 * Quick fixes and rewrites on HTTP client construction and request sites in Go, PHP, JS and TS,
 * with parameters from the latest probe of the endpoint the code calls; "Probe and configure" when
 * there is no probe yet; Probe/Explain on our diagnostics in logs. Every edit comes from the pure
 * fix engine and is one undoable WorkspaceEdit.
 */
export class FixCodeActions extends Disposable implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];
  private readonly analyses = new Map<string, Analysis>();

  constructor(
    private readonly services: Services,
    private readonly results: ProbeResults,
    private readonly runner: ProbeRunner,
  ) {
    super();
  }

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const dialect = dialectOf(doc);
    if (!dialect) return this.logActions(doc, ours);
    const analysis = this.analysisOf(doc, dialect);
    const sites = await analysis.sites;
    if (token.isCancellationRequested || sites.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    // A site is touched when the requested range shares a line with it.
    const touched = sites.map((s, i) => ({ s, i })).filter(({ s }) => s.range.start.line <= range.end.line && s.range.end.line >= range.start.line);
    if (touched.length === 0) return [];
    const kind = ours.length > 0 ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
    // A client built in one place and used in another (an Agent, then http.get(url, { agent })):
    // a site without its own URL takes the probe of a URL the file calls.
    const fileProbe = sites.map((x) => (x.url ? this.results.forUrl(x.url) : undefined)).find((r) => r !== undefined);
    for (const { s, i } of touched) {
      const probe = s.url ? (this.results.forUrl(s.url) ?? fileProbe) : fileProbe;
      const params = paramsFromProbe(probe?.report);
      const offers = (await analysis.offers(params)).filter((o) => o.siteIndex === i);
      for (const offer of offers) {
        // The edit is planned only when the user picks the action (resolveCodeAction).
        const action = new FixAction(offer.title, kind, { uri: doc.uri, dialect, fix: offer.fix, params, siteIndex: i });
        action.diagnostics = ours.length ? ours : undefined;
        action.isPreferred = offer.fix === 'keepalive-idle' && probe !== undefined;
        actions.push(action);
      }
      if (!probe && offers.some((o) => o.fix === 'keepalive-idle' || o.fix === 'tcp-keepalive')) {
        const label = s.url ? safeHost(s.url) : vscode.l10n.t('the endpoint');
        const action = new vscode.CodeAction(vscode.l10n.t('Probe {0} and configure this client', label), kind);
        const args: ProbeAndFixArgs = { uri: doc.uri.toString(), siteIndex: i, url: s.url, version: doc.version };
        action.command = { command: Commands.probeAndFix, title: action.title, arguments: [args] };
        actions.push(action);
      }
    }
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (!(action instanceof FixAction)) return action;
    const t = action.target;
    const doc = await vscode.workspace.openTextDocument(t.uri);
    if (token.isCancellationRequested) return action;
    const result = await loadFixEngine().applyFix(doc.getText(), t.dialect, t.fix, t.params, t.siteIndex);
    if (result.ok && result.edits.length > 0) action.edit = toWorkspaceEdit(doc, result.edits);
    else if (!result.ok) this.services.log.warn(`fix ${t.fix} not applied to ${doc.uri.toString()}: ${result.reason}`);
    return action;
  }

  /**
   * Sites and offers of one version of a document: the light bulb asks on every cursor move, and
   * parsing a large file each time would keep the extension host busy.
   */
  analysisOf(doc: vscode.TextDocument, dialect: FixLanguageDialect): Analysis {
    const key = doc.uri.toString();
    const cached = this.analyses.get(key);
    if (cached && cached.version === doc.version && cached.dialect === dialect) return cached;
    const engine = loadFixEngine();
    const text = doc.getText();
    const offers = new Map<string, Promise<FixOffer[]>>();
    const analysis: Analysis = {
      version: doc.version,
      dialect,
      sites: engine.findSites(text, dialect),
      offers: (params) => {
        const k = JSON.stringify(params ?? {});
        let p = offers.get(k);
        if (!p) offers.set(k, (p = engine.listFixes(text, dialect, params)));
        return p;
      },
    };
    this.analyses.delete(key);
    this.analyses.set(key, analysis);
    // Keep the documents worked on most recently.
    for (const old of this.analyses.keys()) {
      if (this.analyses.size <= 20) break;
      this.analyses.delete(old);
    }
    return analysis;
  }

  /** Forgets what was parsed of a closed document. */
  forget(uri: vscode.Uri): void {
    this.analyses.delete(uri.toString());
  }

  /** On a reset diagnostic in a log: Probe endpoint and Explain. */
  private logActions(doc: vscode.TextDocument, ours: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const finding = findingAtLine({ lineCount: doc.lineCount, lineAt: (i) => doc.lineAt(i).text }, d.range.start.line, d.range.start.character);
      const explain = new vscode.CodeAction(vscode.l10n.t('Explain this error'), vscode.CodeActionKind.QuickFix);
      explain.command = { command: Commands.explainOccurrence, title: explain.title, arguments: [{ documentUri: doc.uri.toString(), line: d.range.start.line }] };
      explain.diagnostics = [d];
      actions.push(explain);
      const url = finding ? probeUrlFor(finding) : null;
      if (finding?.endpoint && url) {
        const probe = new vscode.CodeAction(vscode.l10n.t('Probe {0}', safeHost(url)), vscode.CodeActionKind.QuickFix);
        probe.command = { command: Commands.probeEndpoint, title: probe.title, arguments: [{ endpoint: finding.endpoint, fromLog: true }] };
        probe.diagnostics = [d];
        actions.push(probe);
      }
    }
    return actions;
  }

  /** Probes the endpoint a site calls (or one the user names), then inserts the measured configuration. */
  async probeAndFix(args: ProbeAndFixArgs): Promise<boolean> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    let url = args.url;
    if (!url) {
      url = (await vscode.window.showInputBox({
        title: vscode.l10n.t('Which endpoint does this client call?'),
        placeHolder: 'https://api.example.com/',
        validateInput: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL')),
      }))?.trim() ?? null;
      if (!url) return false;
    }
    const report = await this.runner.run({ url, quiet: true });
    if (!report) return false;
    if (report.error && report.keepAlive?.idleTimeoutMs == null) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The probe of {0} failed in {1} ({2}); nothing was inserted.', safeHost(url), report.error.phase, report.error.code));
      return false;
    }
    const params = paramsFromProbe(report);
    const dialect = dialectOf(doc);
    if (!dialect) return false;
    const engine = loadFixEngine();
    if (doc.version !== args.version) {
      // The file changed while the probe ran: find the site again rather than edit stale offsets.
      const sites = await engine.findSites(doc.getText(), dialect);
      if (args.siteIndex >= sites.length) return false;
    }
    const fix: FixId = report.keepAlive?.closeKind === 'rst' && (report.keepAlive.idleTimeoutMs ?? 0) > 60_000 ? 'tcp-keepalive' : 'keepalive-idle';
    const result = await engine.applyFix(doc.getText(), dialect, fix, params, args.siteIndex);
    if (!result.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not configure the client: {0}', result.reason));
      return false;
    }
    if (result.edits.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This client is already configured for {0}.', safeHost(url)));
      return true;
    }
    return vscode.workspace.applyEdit(toWorkspaceEdit(doc, result.edits));
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 80);
  }
}

/** Arguments of Insert fix (the panel's button, hovers). */
interface InsertFixArgs {
  occurrenceId?: string;
  causeId?: CauseId;
  /** The endpoint of the error (hovers pass their finding's). */
  endpoint?: Endpoint;
}

/**
 * Insert fix: a quick pick of matching client sites in the workspace (those calling the
 * occurrence's endpoint first), then of the fixes the likely causes call for; applies one edit.
 */
async function insertFix(services: Services, results: ProbeResults, raw: unknown): Promise<boolean> {
  const args: InsertFixArgs = {};
  if (typeof raw === 'object' && raw !== null) {
    const r = raw as Record<string, unknown>;
    if (typeof r.occurrenceId === 'string') args.occurrenceId = r.occurrenceId;
    if (typeof r.causeId === 'string' && (CAUSE_IDS as readonly string[]).includes(r.causeId)) args.causeId = r.causeId as CauseId;
    const f = r.finding;
    if (typeof f === 'object' && f !== null) {
      const e = (f as Record<string, unknown>).endpoint;
      if (typeof e === 'object' && e !== null) {
        const ep = e as Record<string, unknown>;
        if (typeof ep.host === 'string' && (ep.port === null || typeof ep.port === 'number')) {
          args.endpoint = { host: ep.host, port: ep.port, url: typeof ep.url === 'string' ? ep.url : null };
        }
      }
    }
  }
  const occ = args.occurrenceId ? services.occurrences.get(args.occurrenceId) : undefined;
  const engine = loadFixEngine();
  const files = await vscode.workspace.findFiles('**/*.{go,php,js,mjs,cjs,jsx,ts,mts,cts,tsx}', '{**/node_modules/**,**/vendor/**,**/dist/**,**/out/**,**/.git/**}', 500);
  type Item = vscode.QuickPickItem & { uri: vscode.Uri; siteIndex: number; offers: FixOffer[]; probe: ProbeResult | undefined };
  const items: Item[] = [];
  const endpoint = occ?.endpoint ?? args.endpoint;
  const host = endpoint?.host.toLowerCase();
  for (const uri of files) {
    const dialect = engine.languageForPath(uri.path);
    if (!dialect) continue;
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 2 * 1024 * 1024) continue;
      text = new TextDecoder().decode(bytes);
    } catch {
      continue;
    }
    const sites = await engine.findSites(text, dialect);
    if (sites.length === 0) continue;
    const offers = await engine.listFixes(text, dialect);
    sites.forEach((s, i) => {
      const here = offers.filter((o) => o.siteIndex === i);
      if (here.length === 0) return;
      const matches = host !== undefined && s.url !== null && safeHost(s.url).toLowerCase().startsWith(host);
      items.push({
        label: `${vscode.workspace.asRelativePath(uri)}:${s.range.start.line + 1}`,
        description: s.description,
        detail: matches ? vscode.l10n.t('calls {0}', safeHost(s.url ?? '')) : undefined,
        uri,
        siteIndex: i,
        offers: here,
        probe: s.url ? results.forUrl(s.url) : undefined,
        picked: matches,
      });
    });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No HTTP client in this workspace that a fix applies to (Go, PHP and JS/TS files are searched).'));
    return false;
  }
  items.sort((a, b) => Number(b.picked ?? false) - Number(a.picked ?? false));
  const site = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert fix: pick the client to configure'), matchOnDescription: true });
  if (!site) return false;
  const doc = await vscode.workspace.openTextDocument(site.uri);
  const dialect = dialectOf(doc);
  if (!dialect) return false;
  const params = paramsFromProbe((site.probe ?? (endpoint ? results.forHostPort(endpoint.host, endpoint.port) : undefined))?.report);
  const offers = (await engine.listFixes(doc.getText(), dialect, params)).filter((o) => o.siteIndex === site.siteIndex);
  // Fixes the likely causes call for come first.
  const wanted = new Set<FixId>();
  const lang = dialect === 'go' ? 'go' : dialect === 'php' ? 'php' : 'node';
  const causeIds: CauseId[] = args.causeId ? [args.causeId] : occ ? rankCauses([occ.finding]).slice(0, 3).map((c) => c.id) : [];
  for (const id of causeIds) {
    try {
      for (const f of getCause(id).fixes[lang]) wanted.add(f);
    } catch {
      // an unknown cause id: no preference
    }
  }
  offers.sort((a, b) => Number(wanted.has(b.fix)) - Number(wanted.has(a.fix)));
  const pick = await vscode.window.showQuickPick(
    offers.map((o) => ({ label: o.title, detail: o.description, offer: o })),
    { title: vscode.l10n.t('Insert fix: pick the configuration') },
  );
  if (!pick) return false;
  const result = await engine.applyFix(doc.getText(), dialect, pick.offer.fix, params, site.siteIndex);
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.reason);
    return false;
  }
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, result.edits));
  if (ok) await vscode.window.showTextDocument(doc, { selection: siteRange(pick.offer) });
  return ok;
}

/** Off by default: flags client sites where timeouts or an idle timeout are missing. */
class RiskyClientDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('connection-doctor-clients'));
  private enabled = readConfig().riskyClientDiagnostics;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  /** Shares the code actions' per-version analysis: a document is parsed once for both. */
  constructor(private readonly fixes: FixCodeActions) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('connectionDoctor')) return;
      this.enabled = readConfig().riskyClientDiagnostics;
      if (!this.enabled) this.collection.clear();
      else for (const d of vscode.workspace.textDocuments) this.schedule(d);
    }));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    if (this.enabled) for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  override dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    super.dispose();
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.enabled || vscode.languages.match(SOURCE_SELECTOR, doc) === 0) return;
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      void this.update(doc);
    }, 300));
  }

  private async update(doc: vscode.TextDocument): Promise<void> {
    const dialect = dialectOf(doc);
    if (!dialect || doc.isClosed) return;
    const offers = await this.fixes.analysisOf(doc, dialect).offers(undefined);
    const out: vscode.Diagnostic[] = [];
    const seen = new Set<string>();
    for (const o of offers) {
      if (o.fix !== 'timeouts' && o.fix !== 'keepalive-idle') continue;
      const key = `${o.siteIndex}:${o.fix}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const message = o.fix === 'timeouts'
        ? vscode.l10n.t('This HTTP client has no connect/overall timeout: a stalled peer blocks it indefinitely.')
        : vscode.l10n.t('This client reuses connections without an idle timeout below the server\'s: a request can race the server\'s idle close and get a reset.');
      const d = new vscode.Diagnostic(siteRange(o), message, vscode.DiagnosticSeverity.Information);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = o.fix;
      out.push(d);
    }
    if (!doc.isClosed) this.collection.set(doc.uri, out);
  }
}

export function registerCodeActions(context: vscode.ExtensionContext, services: Services, results: ProbeResults, runner: ProbeRunner): FixCodeActions {
  const provider = new FixCodeActions(services, results, runner);
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeActionsProvider([...SOURCE_SELECTOR as vscode.DocumentFilter[], { language: 'log' }, { pattern: '**/*.log' }], provider, { providedCodeActionKinds: FixCodeActions.kinds }),
    vscode.commands.registerCommand(Commands.probeAndFix, (args: unknown) => {
      const a = args as Partial<ProbeAndFixArgs> | undefined;
      if (!a || typeof a.uri !== 'string' || typeof a.siteIndex !== 'number' || typeof a.version !== 'number') return false;
      return provider.probeAndFix({ uri: a.uri, siteIndex: a.siteIndex, url: typeof a.url === 'string' ? a.url : null, version: a.version });
    }),
    vscode.commands.registerCommand(Commands.insertFix, (args: unknown) => insertFix(services, results, args)),
    new RiskyClientDiagnostics(provider),
    vscode.workspace.onDidCloseTextDocument((d) => provider.forget(d.uri)),
  );
  return provider;
}
