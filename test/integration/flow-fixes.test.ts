import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, repoPath, workspaceUri } from './helpers';

/** Each fixture has one client site; the golden is what keepalive-idle with default parameters yields. */
const CASES = [
  { file: 'client.go', line: 9, title: /^Set IdleConnTimeout to 3\.75s/ },
  { file: 'client.php', line: 1, title: /^Set CURLOPT_MAXAGE_CONN to 2s/ },
  { file: 'client.ts', line: 2, title: /^Close sockets idle for 3\.75s/ },
];

async function actionsAt(uri: vscode.Uri, line: number): Promise<vscode.CodeAction[]> {
  const range = new vscode.Range(line, 0, line, 0);
  // Edits are planned when an action is resolved: ask VS Code to resolve them all.
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, undefined, 100)) ?? [];
}

suite('flow: fix code actions', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  for (const c of CASES) {
    test(`${c.file}: the fix applies as the golden says, twice is a no-op, undo is byte-exact`, async function () {
      this.timeout(60000);
      const uri = workspaceUri('flow', c.file);
      const original = fs.readFileSync(uri.fsPath, 'utf8');
      const golden = fs.readFileSync(repoPath('test/fixtures/flow-golden', `${c.file}.keepalive-idle`), 'utf8');
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);

      const actions = await actionsAt(uri, c.line);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => c.title.test(a.title));
      assert.ok(fix, `keepalive-idle offered: ${JSON.stringify(titles)}`);
      assert.ok(fix.kind?.value === vscode.CodeActionKind.RefactorRewrite.value, `kind ${fix.kind?.value}`);
      assert.ok(actions.some((a) => /and configure this client$/.test(a.title)), 'probe-and-configure offered while no probe result exists');
      assert.ok(fix.edit);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), golden);

      const again = await actionsAt(uri, c.line);
      assert.ok(!again.some((a) => c.title.test(a.title)), `not offered twice: ${JSON.stringify(again.map((a) => a.title))}`);

      await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn });
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'undo restores the file byte for byte');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'nothing written to disk');
    });
  }
});
