import * as vscode from 'vscode';
import { readConfig } from './config';
import { OccurrenceStore } from './occurrences';

/** What every feature's register function receives: built once in activate(). */
export interface Services {
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  /** ms since the extension host started loading this extension's module. */
  readonly activationStartedAt: number;
  /** Errors detected by the editor surfaces (terminal, debug console, logs, documents); the panel lists them. */
  readonly occurrences: OccurrenceStore;
}

export function createServices(context: vscode.ExtensionContext, activationStartedAt: number): Services {
  const log = vscode.window.createOutputChannel('Connection Doctor', { log: true });
  context.subscriptions.push(log);
  const occurrences = new OccurrenceStore(readConfig().maxOccurrences);
  context.subscriptions.push(occurrences);
  return { log, extensionUri: context.extensionUri, activationStartedAt, occurrences };
}
