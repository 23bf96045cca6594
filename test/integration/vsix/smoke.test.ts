import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ProbeReport } from '../../../src/core/types';
import { startLab } from '../../fixtures/servers/index';

const ID = 'connection-doctor.connection-doctor';

suite('VSIX smoke: the installed package runs the main flow', () => {
  let api: ExtensionApi;

  test('the extension comes from the installed VSIX, not the development path', async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(ID);
    assert.ok(ext, 'installed');
    const dir = process.env.CD_VSIX_EXTENSIONS_DIR;
    assert.ok(dir, 'the launcher says where it installed the VSIX');
    assert.ok(path.resolve(ext.extensionPath).startsWith(path.resolve(dir)), `${ext.extensionPath} is under ${dir}`);
    api = await ext.activate();
    const manifest = ext.packageJSON as { version: string };
    console.log(`VSIX ${manifest.version} activated in ${api.activationMs} ms in VS Code ${vscode.version}`);
  });

  test('detect and explain: a hover on a reset line in a log', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'flow', 'smoke.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('2026-11-21T10:00:00Z ERROR Post "http://127.0.0.1:8765/orders": read tcp 127.0.0.1:5000->127.0.0.1:8765: read: connection reset by peer\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 100));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /reset/i);
  });

  test('probe (lazy probe engine from the package) and fix (tree-sitter from the package)', async function () {
    this.timeout(60000);
    const lab = await startLab('idle-close', { idleMs: 600 });
    try {
      const report = await vscode.commands.executeCommand<ProbeReport | undefined>('connectionDoctor.probeEndpoint', { url: lab.url, quiet: true, options: { maxIdleMs: 3000, reuse: 0 } });
      assert.ok(report?.keepAlive?.idleTimeoutMs, JSON.stringify(report?.keepAlive));
      assert.equal(report.causes[0]?.id, 'keepalive-idle-race');
    } finally {
      await lab.close();
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'flow', 'client.go');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(9, 0, 9, 0));
    assert.ok(actions.some((a) => a.title.startsWith('Set IdleConnTimeout')), JSON.stringify(actions.map((a) => a.title)));
  });

  test('the panel resolves', async () => {
    const ready = api.panel.isReady ? Promise.resolve() : new Promise<void>((resolve) => api.panel.onDidBecomeReady(() => resolve()));
    await vscode.commands.executeCommand('connectionDoctor.showPanel');
    await ready;
    assert.ok(api.panel.isReady);
  });
});
