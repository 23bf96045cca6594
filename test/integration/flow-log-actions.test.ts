import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, nextEvent, until, workspaceUri } from './helpers';
import type { ExtensionApi } from '../../src/extension';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Connection Doctor');
}

async function diagnosticsFor(uri: vscode.Uri, what: string): Promise<vscode.Diagnostic[]> {
  const now = ours(uri);
  if (now.length) return now;
  await nextEvent(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri.toString()) && ours(uri).length > 0, 30000, what);
  return ours(uri);
}

suite('flow: code actions on logs and risky clients', () => {
  let api: ExtensionApi;
  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('Insert fix (the panel button): a quick pick of the clients calling the endpoint, then of fixes; one edit', async function () {
    this.timeout(60000);
    const text = 'Post "http://127.0.0.1:8765/orders": read tcp 127.0.0.1:5000->127.0.0.1:8765: read: connection reset by peer';
    const [occ] = api.occurrences.add({ kind: 'logFile', label: 'insert.log', uri: 'file:///insert.log' }, [{
      line: 1, column: 1, endLine: 1, endColumn: text.length + 1, class: 'reset', classes: ['reset'], runtime: 'go', signature: 'go.read-reset',
      errno: 'ECONNRESET', endpoint: { url: 'http://127.0.0.1:8765/orders', host: '127.0.0.1', port: 8765 }, method: 'POST', hints: ['reused_connection'], text, timestamp: null,
    }]);
    assert.ok(occ);
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('connectionDoctor.insertFix', { occurrenceId: occ.id })).finally(() => {
      settled = true;
    });
    // No API reports an open quick pick: accept its selected item until the command settles (bounded).
    await until(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 30000, 'Insert fix to finish', 300);
    assert.equal(await running, true, 'a fix was inserted');
    const changed = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/flow/'));
    assert.equal(changed.length, 1, changed.map((d) => d.uri.path).join(', '));
    const doc = changed[0]!;
    assert.ok(/client\.(go|php)$/.test(doc.uri.path), `a client that calls 127.0.0.1:8765 is offered first: ${doc.uri.path}`);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!doc.isDirty);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    api.occurrences.remove((o) => o.id === occ.id);
  });

  test('a reset diagnostic in a log offers Explain and Probe as quick fixes', async () => {
    const uri = workspaceUri('flow', 'actions.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('2026-11-21T10:00:00Z ok\n2026-11-21T10:00:01Z ERROR Post "http://127.0.0.1:8765/orders": read tcp 127.0.0.1:5000->127.0.0.1:8765: read: connection reset by peer\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diag] = await diagnosticsFor(uri, 'a diagnostic on the reset line');
    assert.ok(diag);
    assert.equal(diag.range.start.line, 1);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range)) ?? [];
    const explain = actions.find((a) => a.title === 'Explain this error');
    const probe = actions.find((a) => a.title === 'Probe 127.0.0.1:8765');
    assert.ok(explain && probe, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(explain.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(probe.command?.command, 'connectionDoctor.probeEndpoint');
    const args = probe.command?.arguments?.[0] as { endpoint?: { host: string; port: number }; fromLog?: boolean } | undefined;
    assert.deepEqual([args?.endpoint?.host, args?.endpoint?.port, args?.fromLog], ['127.0.0.1', 8765, true], 'a host from a log is confirmed before probing');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('risky client configuration is flagged only when the setting is on', async function () {
    this.timeout(60000);
    const uri = workspaceUri('flow', 'client.go');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const config = vscode.workspace.getConfiguration('connectionDoctor');
    assert.equal(config.get('fixes.riskyClientDiagnostics'), false, 'off by default');
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);
    await config.update('fixes.riskyClientDiagnostics', true, vscode.ConfigurationTarget.Workspace);
    try {
      const diags = await diagnosticsFor(uri, 'risky-client diagnostics');
      const codes = diags.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))).sort();
      assert.ok(codes.includes('timeouts'), JSON.stringify(codes));
      assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
      assert.equal(diags[0]?.range.start.line, 9, 'on the client construction');
    } finally {
      await config.update('fixes.riskyClientDiagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await nextEvent(vscode.languages.onDidChangeDiagnostics, () => ours(uri).length === 0, 10000, 'diagnostics cleared when the setting is off');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
