import * as vscode from 'vscode';
import { createServices } from './vscode/services';
import { registerPanel } from './vscode/panel/panel-view';
import { Commands } from './vscode/ids';

const moduleLoadedAt = Date.now();

/** The extension's public test surface: what integration tests may read. */
export interface ExtensionApi {
  readonly activationMs: number;
  readonly panelReady: () => boolean;
}

/** Builds the services and registers each feature; no I/O, no workspace scan. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const services = createServices(context, moduleLoadedAt);
  const panel = registerPanel(context, services);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.explainSelection, () => vscode.commands.executeCommand(Commands.showPanel)),
  );
  const activationMs = Date.now() - moduleLoadedAt;
  services.log.info(`activated in ${activationMs} ms`);
  return { activationMs, panelReady: () => panel.isReady };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
