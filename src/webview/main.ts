import { isHostMessage, type WebviewMessage } from '../core/panel-protocol';

interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');

function render(text: string): void {
  if (!app) return;
  const p = document.createElement('p');
  p.textContent = text;
  app.replaceChildren(p);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isHostMessage(msg)) return;
  if (msg.type === 'hello') render('No network errors seen yet.');
});

render('Loading…');
vscode.postMessage({ type: 'ready' });
