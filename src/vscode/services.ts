import * as vscode from 'vscode';

/** What every feature's register function receives: built once in activate(). */
export interface Services {
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  /** ms since the extension host started loading this extension's module. */
  readonly activationStartedAt: number;
}

export function createServices(context: vscode.ExtensionContext, activationStartedAt: number): Services {
  const log = vscode.window.createOutputChannel('Connection Doctor', { log: true });
  context.subscriptions.push(log);
  return { log, extensionUri: context.extensionUri, activationStartedAt };
}
