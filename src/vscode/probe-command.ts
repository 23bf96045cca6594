import * as vscode from 'vscode';
import type { ProbeOptions } from '../core/probe/options';
import { redactText, redactUrl } from '../core/redact';
import type { Endpoint, ProbeReport } from '../core/types';
import { probeUrlFor } from '../core/panel-model';
import { Disposable } from './disposable';
import { Commands } from './ids';
import { loadProbeEngine } from './lazy';
import type { Services } from './services';
import { readConfig } from './config';
import type { ProbeResults } from './probe-results';

/** Arguments the probe command accepts (from the panel, hovers, code actions, tests). */
export interface ProbeCommandArgs {
  /** A URL to probe; treated as typed by the user unless `fromLog` is set. */
  url?: string;
  /** An endpoint taken from a log: the user confirms the host once before we connect to it. */
  endpoint?: Endpoint;
  fromLog?: boolean;
  options?: ProbeOptions;
  /** Skip the notification at the end (code actions show their own outcome). */
  quiet?: boolean;
}

export interface ProbeRunEvent {
  url: string;
  phase: string;
  message: string;
}

const HOST_CONFIRMATIONS_KEY = 'connectionDoctor.confirmedProbeHosts';

/**
 * `Connection Doctor: Probe Endpoint…`: asks for a URL (endpoints seen in occurrences and recent
 * probes, or a typed one), confirms hosts taken from logs once, runs the probe with cancellable
 * progress, and files the result for the panel and the fixes. Never runs unless the user asked.
 */
export class ProbeRunner extends Disposable {
  private readonly running = new Set<AbortController>();
  private readonly progressEmitter = this._register(new vscode.EventEmitter<ProbeRunEvent>());
  /** Fires on each phase of each running probe (the panel shows it; tests wait on it). */
  readonly onProgress = this.progressEmitter.event;

  constructor(
    private readonly services: Services,
    private readonly context: vscode.ExtensionContext,
    private readonly results: ProbeResults,
  ) {
    super();
  }

  get isRunning(): boolean {
    return this.running.size > 0;
  }

  /** Aborts every running probe (the notification's Cancel does the same for its own). */
  cancelAll(): void {
    for (const c of this.running) c.abort();
  }

  async run(args: ProbeCommandArgs = {}): Promise<ProbeReport | undefined> {
    const target = await this.pickTarget(args);
    if (!target) return undefined;
    const engine = loadProbeEngine();
    const parsed = engine.parseProbeUrl(target.url);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot probe: {0}', parsed.message));
      return undefined;
    }
    const url = parsed.url;
    if (!target.typed) {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('In an untrusted workspace Connection Doctor only probes URLs you type.'));
        return undefined;
      }
      if (!(await this.confirmHost(url.host))) return undefined;
    }
    const options: ProbeOptions = {
      idle: true,
      reuse: 3,
      maxIdleMs: readConfig().probeMaxIdleSeconds * 1000,
      timeoutMs: readConfig().probeTimeoutMs,
      ...args.options,
    };
    const shown = redactUrl(url.toString());
    const controller = new AbortController();
    this.running.add(controller);
    this.services.log.info(`probe ${shown} started (${JSON.stringify(options)})`);
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Probing {0}', shown), cancellable: true },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => controller.abort());
          try {
            return await engine.probe(url.toString(), options, controller.signal, (p) => {
              progress.report({ message: p.message });
              this.progressEmitter.fire({ url: shown, phase: p.phase, message: p.message });
            });
          } finally {
            sub.dispose();
          }
        },
      );
      const result = this.results.add(report);
      this.logReport(report);
      if (controller.signal.aborted) {
        this.services.log.info(`probe ${shown} cancelled`);
      } else if (!args.quiet) {
        void this.announce(report, result.origin);
      }
      return report;
    } catch (err) {
      // The engine reports network failures as data; anything thrown here is our bug.
      this.services.log.error(`probe ${shown} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The probe of {0} stopped unexpectedly; see the Connection Doctor output.', shown));
      return undefined;
    } finally {
      this.running.delete(controller);
    }
  }

  private async announce(report: ProbeReport, _origin: string): Promise<void> {
    const top = report.causes[0];
    const msg = report.error
      ? vscode.l10n.t('Probe of {0}: {1} failed ({2}).', redactUrl(report.url), report.error.phase, report.error.code)
      : top && top.confidence >= 0.3
        ? vscode.l10n.t('Probe of {0}: most likely {1}.', redactUrl(report.url), top.id)
        : vscode.l10n.t('Probe of {0}: no problem found.', redactUrl(report.url));
    const show = vscode.l10n.t('Show in Panel');
    if ((await vscode.window.showInformationMessage(msg, show)) === show) {
      await vscode.commands.executeCommand(Commands.showPanel);
    }
  }

  private logReport(r: ProbeReport): void {
    const log = this.services.log;
    const ph = r.phases;
    const ms = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)} ms`);
    log.info(`probe ${redactUrl(r.url)}: addresses ${r.addresses.join(', ') || '-'}; dns ${ms(ph.dnsMs)}, connect ${ms(ph.connectMs)}, tls ${ms(ph.tlsMs)}, ttfb ${ms(ph.ttfbMs)}, total ${ms(ph.totalMs)}`);
    if (r.http) log.info(`  HTTP/${r.http.version} ${r.http.status}${r.http.connectionClose ? ', Connection: close' : ''}${r.http.keepAliveHint ? `, Keep-Alive timeout=${r.http.keepAliveHint.timeoutSeconds ?? '-'}` : ''}`);
    if (r.keepAlive) log.info(`  keep-alive: idle timeout ${r.keepAlive.idleTimeoutMs ?? '-'} ms (${r.keepAlive.closeKind ?? 'no close'}), lower bound ${r.keepAlive.lowerBoundMs ?? '-'} ms, measured in ${r.keepAlive.wallMs} ms`);
    if (r.reuse) log.info(`  reuse: ${r.reuse.resets} resets, ${r.reuse.eofs} EOFs in ${r.reuse.attempts} attempts`);
    if (r.error) log.warn(`  error in ${r.error.phase}: ${r.error.code}: ${redactText(r.error.message)}`);
    for (const c of r.causes) log.info(`  cause ${c.id} ${(c.confidence * 100).toFixed(0)}%: ${c.evidence.map(redactText).join('; ')}`);
    for (const rec of r.recommendations) log.info(`  recommend ${rec.fix} ${JSON.stringify(rec.params)}`);
  }

  private async confirmHost(host: string): Promise<boolean> {
    const confirmed = new Set(this.context.globalState.get<string[]>(HOST_CONFIRMATIONS_KEY, []));
    if (confirmed.has(host)) return true;
    const yes = vscode.l10n.t('Probe');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Probe {0}? Connection Doctor will open a few connections and send GET requests to this host, which was taken from a log.', host),
      { modal: true },
      yes,
    );
    if (answer !== yes) return false;
    confirmed.add(host);
    await this.context.globalState.update(HOST_CONFIRMATIONS_KEY, [...confirmed].slice(-200));
    return true;
  }

  /** The URL to probe and whether the user typed it (typed URLs need no confirmation). */
  private async pickTarget(args: ProbeCommandArgs): Promise<{ url: string; typed: boolean } | undefined> {
    if (args.url !== undefined) return { url: args.url, typed: args.fromLog !== true };
    if (args.endpoint) {
      const url = probeUrlFor({ endpoint: args.endpoint });
      if (url) return { url, typed: false };
    }
    const seen = new Map<string, string>();
    for (const o of this.services.occurrences.all().slice().reverse()) {
      const url = probeUrlFor(o.finding);
      if (url && !seen.has(url)) seen.set(url, vscode.l10n.t('seen in {0}', o.source.label));
    }
    const recent = this.results.recent().map((r) => r.report.url);
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { url?: string; typed?: boolean }>();
    qp.title = vscode.l10n.t('Probe Endpoint');
    qp.placeholder = vscode.l10n.t('Pick an endpoint, or type a URL (http:// or https://)');
    const fixed = [
      ...[...seen].map(([url, detail]) => ({ label: redactUrl(url), description: detail, url, typed: false })),
      ...recent.filter((u) => !seen.has(u)).map((url) => ({ label: redactUrl(url), description: vscode.l10n.t('probed before'), url, typed: true })),
    ];
    qp.items = fixed;
    return new Promise((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = (v: { url: string; typed: boolean } | undefined) => {
        for (const s of subs) s.dispose();
        qp.dispose();
        resolve(v);
      };
      subs.push(
        qp.onDidChangeValue((value) => {
          const v = value.trim();
          qp.items = v ? [{ label: v, description: vscode.l10n.t('typed URL'), url: v, typed: true }, ...fixed] : fixed;
        }),
        qp.onDidAccept(() => {
          const item = qp.selectedItems[0];
          if (item?.url) done({ url: item.url, typed: item.typed === true });
          else if (qp.value.trim()) done({ url: qp.value.trim(), typed: true });
        }),
        qp.onDidHide(() => done(undefined)),
      );
      qp.show();
    });
  }
}

export function registerProbeCommand(context: vscode.ExtensionContext, services: Services, results: ProbeResults): ProbeRunner {
  const runner = new ProbeRunner(services, context, results);
  context.subscriptions.push(
    runner,
    vscode.commands.registerCommand(Commands.probeEndpoint, (args?: unknown) => runner.run(parseArgs(args))),
  );
  return runner;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Command arguments come from command links and other extensions: validate every field. */
function parseArgs(v: unknown): ProbeCommandArgs {
  if (!isRecord(v)) return {};
  const out: ProbeCommandArgs = {};
  if (typeof v.url === 'string') out.url = v.url;
  if (v.fromLog === true) out.fromLog = true;
  if (v.quiet === true) out.quiet = true;
  const e = v.endpoint;
  if (isRecord(e) && typeof e.host === 'string' && (e.port === null || typeof e.port === 'number')) {
    out.endpoint = { host: e.host, port: e.port, url: typeof e.url === 'string' ? e.url : null };
    out.fromLog ??= true;
  }
  if (isRecord(v.options)) {
    const o = v.options;
    const opts: ProbeOptions = {};
    if (typeof o.idle === 'boolean') opts.idle = o.idle;
    if (typeof o.maxIdleMs === 'number') opts.maxIdleMs = o.maxIdleMs;
    if (typeof o.reuse === 'number') opts.reuse = o.reuse;
    if (typeof o.timeoutMs === 'number') opts.timeoutMs = o.timeoutMs;
    out.options = opts;
  }
  return out;
}

