import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { Commands } from './ids';
import { onDidChangeConfig, readConfig } from './config';
import type { Occurrence, OccurrenceChange } from './occurrences';
import type { Services } from './services';
import { classLabel } from '../core/editor/hover-content';
import { BurstGate } from '../core/editor/burst';

/** A burst ends after this long without a new occurrence; the next one may notify again. */
export const BURST_QUIET_MS = 60_000;

/** Sources the user may not be looking at: these notify. Documents and Output the user has open do not. */
const NOTIFYING = new Set(['terminal', 'debug', 'logFile']);

/**
 * The status bar count (opens the panel) and at most one notification per burst of occurrences.
 */
export class OccurrenceStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('connectionDoctor.occurrences', vscode.StatusBarAlignment.Left, 10));
  private notify: boolean;
  private readonly bursts = new BurstGate(BURST_QUIET_MS);
  private readonly notifiedEmitter = this._register(new vscode.EventEmitter<Occurrence>());
  /** Fires when a burst's notification is shown (tests wait on it). */
  readonly onDidNotify = this.notifiedEmitter.event;

  constructor(private readonly services: Services) {
    super();
    this.notify = readConfig().notifications;
    this.item.name = 'Connection Doctor';
    this.item.command = Commands.showPanel;
    this._register(services.occurrences.onDidChange((c) => this.onChange(c)));
    this._register(onDidChangeConfig((c) => {
      this.notify = c.notifications;
      services.occurrences.setCap(c.maxOccurrences);
    }));
    this.render();
  }

  /** What the status bar item shows ('' while hidden). */
  get text(): string {
    return this.services.occurrences.size === 0 ? '' : this.item.text;
  }

  private onChange(change: OccurrenceChange): void {
    this.render();
    if (change.byUser) return;
    const fresh = change.added.filter((o) => NOTIFYING.has(o.source.kind));
    const first = fresh[0];
    if (!first) return;
    if (this.bursts.startsBurst(Date.now()) && this.notify) this.showNotification(first);
  }

  private render(): void {
    const n = this.services.occurrences.size;
    if (n === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(pulse) ${n}`;
    this.item.tooltip = n === 1 ? 'Connection Doctor: 1 network error detected. Click to explain.' : `Connection Doctor: ${n} network errors detected. Click to explain.`;
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
    this.item.show();
  }

  private showNotification(o: Occurrence): void {
    this.notifiedEmitter.fire(o);
    const where = o.source.kind === 'terminal' ? `terminal "${o.source.label}"` : o.source.kind === 'debug' ? `debug session "${o.source.label}"` : o.source.label;
    // Not awaited by the caller: the message stays until dismissed and nothing waits on it.
    void vscode.window.showInformationMessage(`${classLabel(o.finding.class)} detected in ${where}.`, 'Explain').then((pick) => {
      if (pick) void vscode.commands.executeCommand(Commands.explainOccurrence, { occurrenceId: o.id });
    });
  }
}

export function registerStatus(context: vscode.ExtensionContext, services: Services): OccurrenceStatus {
  const status = new OccurrenceStatus(services);
  context.subscriptions.push(status);
  return status;
}
