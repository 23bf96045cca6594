import * as vscode from 'vscode';
import { getCause, rankCauses, retrySafety } from '../../core/causes/index';
import { inferCadence } from '../../core/detect/index';
import { buildDetail, endpointLabel, reportMarkdown } from '../../core/panel-model';
import { isWebviewMessage, type HostMessage, type PanelDetail, type PanelOccurrence, type PanelState, type WebviewMessage } from '../../core/panel-protocol';
import { redactText } from '../../core/redact';
import type { CauseId } from '../../core/types';
import { Disposable } from '../disposable';
import { Commands, Views } from '../ids';
import type { Occurrence } from '../occurrences';
import type { ProbeResults } from '../probe-results';
import type { ProbeRunner } from '../probe-command';
import type { Services } from '../services';

/** How much the panel shows: enough to work with, small enough to post in one message. */
const MAX_LISTED = 200;
const MAX_TEXT = 2000;

/** What the webview reported after its last render (tests and diagnostics read it). */
export interface RenderReport {
  occurrences: number;
  selectedId: string | null;
  images: number;
  scripts: number;
}

/**
 * The side panel. A webview view with a strict CSP (nonce, no inline code, local resources from
 * media/ and dist/ only); everything it shows arrives as one validated `state` message after the
 * webview said `ready`, and every string is rendered as text.
 */
export class PanelViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private viewDisposables: vscode.Disposable[] = [];
  private ready = false;
  private selectedId: string | null = null;
  private busy: string | null = null;
  private lastState: PanelState | null = null;
  private lastRender: RenderReport | null = null;
  private readonly readyEmitter = this._register(new vscode.EventEmitter<void>());
  private readonly stateEmitter = this._register(new vscode.EventEmitter<PanelState>());
  private readonly renderEmitter = this._register(new vscode.EventEmitter<RenderReport>());
  /** Fires each time the view is resolved and its script has said it is ready. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  /** Fires with each state posted to the webview. */
  readonly onDidPostState = this.stateEmitter.event;
  /** Fires when the webview has rendered a state. */
  readonly onDidRender = this.renderEmitter.event;

  constructor(
    private readonly services: Services,
    private readonly results: ProbeResults,
    runner: ProbeRunner,
  ) {
    super();
    const occ = services.occurrences;
    this._register(occ.onDidChange(() => this.refresh()));
    this._register(occ.onDidSelect((o) => {
      this.selectedId = o.id;
      this.refresh();
    }));
    this._register(results.onDidChange(() => {
      this.busy = null;
      this.refresh();
    }));
    this._register(runner.onProgress((p) => {
      this.busy = `Probing ${p.url}: ${p.message}`;
      this.refresh();
    }));
  }

  get isReady(): boolean {
    return this.ready;
  }

  get state(): PanelState | null {
    return this.lastState;
  }

  get lastRenderReport(): RenderReport | null {
    return this.lastRender;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.services.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.services.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = renderShell(view.webview, this.services.extensionUri);
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((msg: unknown) => this.onMessage(msg)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  override dispose(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    super.dispose();
  }

  /** Shows `id` in the panel (also used by the explain command through the store's selection). */
  select(id: string): void {
    if (this.services.occurrences.select(id) === undefined) return;
    // onDidSelect refreshes.
  }

  private onMessage(msg: unknown): void {
    if (!isWebviewMessage(msg)) {
      this.services.log.warn('panel: ignored a malformed message from the webview');
      return;
    }
    void this.handle(msg).catch((err: unknown) => {
      this.services.log.error(`panel: ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        this.readyEmitter.fire();
        return;
      case 'rendered':
        this.lastRender = { occurrences: msg.occurrences, selectedId: msg.selectedId, images: msg.images, scripts: msg.scripts };
        this.renderEmitter.fire(this.lastRender);
        return;
      case 'select':
        this.select(msg.id);
        return;
      case 'probe': {
        const o = this.services.occurrences.get(msg.id);
        if (o?.endpoint) await vscode.commands.executeCommand(Commands.probeEndpoint, { endpoint: o.endpoint, fromLog: true });
        return;
      }
      case 'insertFix':
        await vscode.commands.executeCommand(Commands.insertFix, { occurrenceId: msg.id });
        return;
      case 'copyMarkdown': {
        const o = this.services.occurrences.get(msg.id);
        if (!o) return;
        const md = reportMarkdown(toPanelOccurrence(o), this.detailFor(o));
        await vscode.env.clipboard.writeText(md);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied the report as Markdown (credentials redacted).'));
        return;
      }
    }
  }

  /** Recomputes the state and posts it when the webview is ready. */
  refresh(): void {
    const all = this.services.occurrences.all();
    if (this.selectedId !== null && !this.services.occurrences.get(this.selectedId)) this.selectedId = null;
    const selected = this.selectedId !== null ? this.services.occurrences.get(this.selectedId) : all[0];
    const state: PanelState = {
      occurrences: all.slice(0, MAX_LISTED).map(toPanelOccurrence),
      selectedId: selected?.id ?? null,
      detail: selected ? this.detailFor(selected) : null,
      busy: this.busy,
    };
    this.lastState = state;
    this.post({ type: 'state', state });
    this.stateEmitter.fire(state);
  }

  private detailFor(o: Occurrence): PanelDetail {
    const label = endpointLabel(o.finding);
    // Findings of the same endpoint together: their cadence is evidence.
    const related = this.services.occurrences.all().filter((x) => endpointLabel(x.finding) === label).map((x) => x.finding);
    const probe = o.endpoint ? this.results.forHostPort(o.endpoint.host, o.endpoint.port) : undefined;
    const causes = rankCauses(related.length ? related : [o.finding], { cadence: o.endpoint ? inferCadence(related) : null, probe: probe?.report ?? null });
    return buildDetail({
      occurrenceId: o.id,
      finding: o.finding,
      causes: causes.slice(0, 5),
      retry: retrySafety(o.finding.method),
      probe: probe ? { report: probe.report, finishedAt: probe.finishedAt } : null,
      getCause: safeGetCause,
      canFix: causes.some((c) => {
        const info = safeGetCause(c.id);
        return info !== undefined && (info.fixes.go.length + info.fixes.php.length + info.fixes.node.length) > 0;
      }),
    });
  }

  private post(msg: HostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
  }
}

function safeGetCause(id: CauseId): ReturnType<typeof getCause> | undefined {
  try {
    return getCause(id);
  } catch {
    return undefined;
  }
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}

function sourceLabel(o: Occurrence): string {
  const s = o.source;
  const kind = { terminal: 'terminal', debug: 'debug console', logFile: 'log', output: 'output', document: 'file' }[s.kind];
  let label = `${kind}: ${s.label}`;
  if (s.kind === 'logFile' || s.kind === 'document' || s.kind === 'output') label += `:${o.finding.line}`;
  if (s.commandLine) label += ` — ${s.commandLine}`;
  if (s.exitCode !== undefined) label += ` (exit ${s.exitCode})`;
  return label;
}

export function toPanelOccurrence(o: Occurrence): PanelOccurrence {
  return {
    id: o.id,
    seenAt: new Date(o.lastSeen).toISOString(),
    source: clip(redactText(sourceLabel(o))),
    errorClass: o.finding.class,
    runtime: o.finding.runtime,
    text: clip(redactText(o.finding.text)),
    endpoint: endpointLabel(o.finding),
    count: o.count,
  };
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

function renderShell(webview: vscode.Webview, root: vscode.Uri): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'panel.css'));
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Connection Doctor</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function registerPanel(context: vscode.ExtensionContext, services: Services, results: ProbeResults, runner: ProbeRunner): PanelViewProvider {
  const provider = new PanelViewProvider(services, results, runner);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(Views.panel, provider),
    vscode.commands.registerCommand(Commands.showPanel, () => vscode.commands.executeCommand(`${Views.panel}.focus`)),
  );
  return provider;
}
