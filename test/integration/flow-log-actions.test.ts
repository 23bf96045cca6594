import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, nextEvent, workspaceUri } from './helpers';

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
  suiteSetup(async () => {
    await activateExtension();
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
      const codes = diags.map((d) => String(d.code)).sort();
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
