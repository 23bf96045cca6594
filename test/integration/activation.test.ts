import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, nextEvent, repoPath } from './helpers';

interface Manifest {
  contributes: { commands: { command: string }[] };
}

suite('activation', () => {
  test('the extension activates and reports its activation time', async () => {
    const api = await activateExtension();
    console.log(`VS Code ${vscode.version} (${vscode.env.appName}, remote=${vscode.env.remoteName ?? 'none'}), extension host Node ${process.version}, activation ${api.activationMs} ms`);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0);
  });

  test('every command in package.json is registered', async () => {
    await activateExtension();
    const manifest = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0);
    for (const id of declared) assert.ok(registered.has(id), `command ${id} is registered`);
  });

  test('the panel view resolves and its script reports ready', async () => {
    const api = await activateExtension();
    const ready = api.panel.isReady ? Promise.resolve() : nextEvent(api.panel.onDidBecomeReady, () => true, 30000, 'the panel webview to say ready');
    await vscode.commands.executeCommand('connectionDoctor.showPanel');
    await ready;
    assert.ok(api.panel.isReady);
  });
});
