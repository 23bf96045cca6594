import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { activateExtension, nextEvent, workspaceUri } from './helpers';

/**
 * Records every TCP connect and DNS lookup made in this extension host while `work` runs. IPC
 * connects (a `path`, the host's own pipes) are not network use and are ignored.
 */
async function networkUseDuring(work: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const proto = net.Socket.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const originalConnect = proto.connect;
  // The module object itself (not an ES namespace): what undici and net resolve names through.
  const dns = createRequire(__filename)('node:dns') as { lookup: (...a: unknown[]) => unknown };
  const originalLookup = dns.lookup;
  proto.connect = function (this: unknown, ...args: unknown[]): unknown {
    const first = args[0];
    const o = (Array.isArray(first) ? first[0] : first) as { port?: unknown; host?: unknown; path?: unknown } | number | undefined;
    if (typeof o === 'number') seen.push(`connect ${JSON.stringify(args[1] ?? 'localhost')}:${o}`);
    else if (o && typeof o === 'object' && o.port !== undefined && o.path === undefined) seen.push(`connect ${JSON.stringify(o.host ?? 'localhost')}:${JSON.stringify(o.port)}`);
    return originalConnect.apply(this, args);
  };
  dns.lookup = (...args: unknown[]) => {
    seen.push(`lookup ${String(args[0])}`);
    return originalLookup(...args);
  };
  try {
    await work();
  } finally {
    proto.connect = originalConnect;
    dns.lookup = originalLookup;
  }
  return seen;
}

suite('privacy: no network use unless a probe is asked for', () => {
  test('control: the spy sees a real connect', async () => {
    const server = net.createServer((c) => c.end()).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const seen = await networkUseDuring(async () => {
        await new Promise<void>((resolve, reject) => net.connect(port, 'localhost').once('connect', function (this: net.Socket) {
          this.destroy();
          resolve();
        }).once('error', reject));
      });
      assert.ok(seen.some((x) => x.startsWith('connect')), JSON.stringify(seen));
    } finally {
      server.close();
    }
  });

  test('scanning a log, hovering, explaining and code actions open no socket', async function () {
    this.timeout(60000);
    const api = await activateExtension();
    const uri = workspaceUri('flow', 'privacy.log');
    const seen = await networkUseDuring(async () => {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(
        '2026-11-21T10:00:00Z ERROR Post "https://user:pw@api.example.com:8443/orders": read tcp 10.0.0.2:5000->203.0.113.7:8443: read: connection reset by peer\n' +
        '2026-11-21T10:00:05Z ERROR getaddrinfo ENOTFOUND db.internal.example\n'));
      const scanned = nextEvent(api.editor.diagnostics.onDidScan, () => true, 30000, 'the log to be scanned');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await scanned;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 120));
      assert.ok(hovers.length > 0, 'the hover ran');
      const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Connection Doctor');
      assert.ok(diags.length >= 2, `${diags.length} diagnostics`);
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diags[0]!.range);
      await vscode.commands.executeCommand('connectionDoctor.explainOccurrence', { documentUri: uri.toString(), line: 0 });
      const go = workspaceUri('flow', 'client.go');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(go));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', go, new vscode.Range(9, 0, 9, 0), undefined, 100);
      assert.ok(actions.some((a) => a.edit !== undefined), 'edits were planned (resolved) too');
      assert.ok(actions.length > 0, 'code actions ran');
    });
    assert.deepEqual(seen, [], 'no TCP connect or DNS lookup');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
