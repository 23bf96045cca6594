import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { createServices } from './vscode/services';
import { registerPanel, type PanelViewProvider } from './vscode/panel/panel-view';
import { ProbeResults } from './vscode/probe-results';
import { registerProbeCommand, type ProbeRunner } from './vscode/probe-command';
import { registerExplainSelection } from './vscode/explain-selection';
import { registerCodeActions } from './vscode/code-actions';
import { registerOccurrenceCommands } from './vscode/occurrence-commands';
import { registerStatus } from './vscode/status';
import { registerHover } from './vscode/hover';
import { registerDiagnostics, type LogDiagnostics } from './vscode/diagnostics';
import { registerTerminal, type TerminalErrors } from './vscode/terminal';
import { registerDebugConsole } from './vscode/debug-console';
import { registerWatchedLogs, type WatchedLogs } from './vscode/watched-logs';
import type { OccurrenceStatus } from './vscode/status';
import type { OccurrenceStore } from './vscode/occurrences';

const moduleLoadedAt = Date.now();

/** The extension's public test surface: what integration tests may read. */
export interface ExtensionApi {
  readonly activationMs: number;
  /** Errors detected by the editor surfaces. */
  readonly occurrences: OccurrenceStore;
  /** The editor surfaces, for tests to wait on their events. */
  readonly editor: { diagnostics: LogDiagnostics; terminal: TerminalErrors; watchedLogs: WatchedLogs; status: OccurrenceStatus };
  /** The probe → panel → fix flow. */
  readonly probeResults: ProbeResults;
  readonly probeRunner: ProbeRunner;
  readonly panel: PanelViewProvider;
}

/** Builds the services and registers each feature; no I/O, no workspace scan. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The core localizes through @vscode/l10n: hand it the bundle VS Code picked for the display language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const services = createServices(context, moduleLoadedAt);
  const probeResults = new ProbeResults();
  context.subscriptions.push(probeResults);
  const probeRunner = registerProbeCommand(context, services, probeResults);
  const panel = registerPanel(context, services, probeResults, probeRunner);
  registerExplainSelection(context, services);
  registerCodeActions(context, services, probeResults, probeRunner);
  registerOccurrenceCommands(context, services);
  const status = registerStatus(context, services);
  registerHover(context, services);
  const diagnostics = registerDiagnostics(context, services);
  const terminal = registerTerminal(context, services);
  registerDebugConsole(context, services);
  const watchedLogs = registerWatchedLogs(context, services);
  const activationMs = Date.now() - moduleLoadedAt;
  services.log.info(`activated in ${activationMs} ms`);
  return {
    activationMs,
    occurrences: services.occurrences,
    editor: { diagnostics, terminal, watchedLogs, status },
    probeResults,
    probeRunner,
    panel,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
