import * as vscode from 'vscode';
import { Commands, Views } from '../ids';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { isWebviewMessage, type HostMessage } from '../../core/panel-protocol';

/** The side panel: a webview view with a strict CSP; all content arrives as typed messages after `ready`. */
export class PanelViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly onDidResolveEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires each time the view is resolved and its script has said it is ready. */
  readonly onDidBecomeReady = this.onDidResolveEmitter.event;

  constructor(private readonly services: Services) {
    super();
  }

  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.services.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.services.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = renderShell(view.webview, this.services.extensionUri);
    this._register(
      view.webview.onDidReceiveMessage((msg: unknown) => {
        if (!isWebviewMessage(msg)) {
          this.services.log.warn('panel: ignored a malformed message from the webview');
          return;
        }
        if (msg.type === 'ready') {
          this.ready = true;
          this.post({ type: 'hello', version: vscode.version });
          this.onDidResolveEmitter.fire();
        }
      }),
    );
    this._register(view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    }));
  }

  private post(msg: HostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
  }
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
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${n}'`].join('; ');
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

export function registerPanel(context: vscode.ExtensionContext, services: Services): PanelViewProvider {
  const provider = new PanelViewProvider(services);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(Views.panel, provider, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand(Commands.showPanel, () => vscode.commands.executeCommand(`${Views.panel}.focus`)),
  );
  return provider;
}
