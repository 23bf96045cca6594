import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PanelState } from '../../src/core/panel-protocol';
import type { Finding, ProbeReport } from '../../src/core/types';
import type { RenderReport } from '../../src/vscode/panel/panel-view';
import { startLab, type LabServer } from '../fixtures/servers/index';
import { activateExtension, nextEvent, requestScreenshot, workspaceUri } from './helpers';

function finding(text: string, port: number, extra: Partial<Finding> = {}): Finding {
  return {
    line: 1, column: 1, endLine: 1, endColumn: text.length + 1, class: 'reset', classes: ['reset'], runtime: 'go', signature: 'go.read-reset',
    errno: 'ECONNRESET', endpoint: { url: `http://127.0.0.1:${port}/orders`, host: '127.0.0.1', port }, method: 'POST',
    hints: ['reused_connection'], text, timestamp: null, ...extra,
  };
}

/** Waits for the webview to render a state that satisfies `accept` (or checks the last one). */
async function rendered(api: ExtensionApi, accept: (r: RenderReport) => boolean, what: string): Promise<RenderReport> {
  const last = api.panel.lastRenderReport;
  if (last && accept(last)) return last;
  return nextEvent(api.panel.onDidRender, accept, 30000, what);
}

async function showPanel(api: ExtensionApi): Promise<void> {
  const ready = api.panel.isReady ? Promise.resolve() : nextEvent(api.panel.onDidBecomeReady, () => true, 30000, 'panel ready');
  await vscode.commands.executeCommand('connectionDoctor.showPanel');
  await ready;
}

suite('flow: panel and probe', () => {
  let api: ExtensionApi;
  const labs: LabServer[] = [];

  suiteSetup(async () => {
    api = await activateExtension();
  });
  suiteTeardown(async () => {
    await Promise.all(labs.map((l) => l.close()));
  });

  test('the panel renders a hostile log line as text: no element, no script runs', async function () {
    this.timeout(60000);
    const hostile = `read: connection reset by peer <img src=x onerror="document.title='pwned'"></script><script>acquireVsCodeApi().postMessage({type:'probe',id:'o1'})</script> [x](command:workbench.action.quit) ${'A'.repeat(100_000)}`;
    const [occ] = api.occurrences.add({ kind: 'document', label: 'hostile.log', uri: 'file:///hostile.log' }, [finding(hostile, 9)]);
    assert.ok(occ);
    await showPanel(api);
    api.occurrences.select(occ.id);
    const r = await rendered(api, (x) => x.selectedId === occ.id, 'the hostile occurrence to render');
    assert.equal(r.images, 0, 'the <img> stayed text');
    assert.equal(r.scripts, 0, 'no script, frame or inline handler came from the text');
    const state = api.panel.state;
    assert.ok(state?.detail, 'a detail is shown');
    const listed = state.occurrences.find((o) => o.id === occ.id);
    assert.ok(listed?.text.includes('<img src=x onerror='), 'the text is passed through as text');
    assert.ok((listed?.text.length ?? 0) < 3000, 'a 100 kB line is clipped for the panel');
    assert.ok(state.detail.causes.length > 0, 'causes are ranked');

    // Hidden and shown again: the webview is rebuilt and the selection comes back.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const again = nextEvent(api.panel.onDidBecomeReady, () => true, 30000, 'the panel to be rebuilt');
    await vscode.commands.executeCommand('connectionDoctor.showPanel');
    await again;
    const restored = await nextEvent(api.panel.onDidRender, (x) => x.selectedId === occ.id, 30000, 'the selection to be restored');
    assert.equal(restored.images, 0);
    api.occurrences.remove((o) => o.id === occ.id);
  });

  test('probe command end to end against a lab server: progress, result in the panel, fix from the measurement', async function () {
    this.timeout(90000);
    const lab = await startLab('idle-close', { idleMs: 800 });
    labs.push(lab);
    const [occ] = api.occurrences.add({ kind: 'logFile', label: 'app.log', uri: 'file:///app.log' }, [
      finding(`Post "${lab.url}orders": read tcp 127.0.0.1:50000->127.0.0.1:${lab.port}: read: connection reset by peer`, lab.port),
    ]);
    assert.ok(occ);
    await showPanel(api);
    api.occurrences.select(occ.id);

    const phases: string[] = [];
    const sub = api.probeRunner.onProgress((p) => phases.push(p.phase));
    const withProbe = nextEvent(api.panel.onDidPostState, (s: PanelState) => s.selectedId === occ.id && s.detail?.probe != null, 60000, 'the probe result in the panel');
    let report: ProbeReport | undefined;
    try {
      report = await vscode.commands.executeCommand<ProbeReport | undefined>('connectionDoctor.probeEndpoint', { url: lab.url, options: { maxIdleMs: 4000, reuse: 2 } });
    } finally {
      sub.dispose();
    }
    assert.ok(report, 'the command returns the report');
    assert.ok(phases.includes('dns') && phases.includes('http') && phases.includes('idle'), `progress phases: ${phases.join(',')}`);
    const idle = report.keepAlive?.idleTimeoutMs;
    assert.ok(idle !== null && idle !== undefined && Math.abs(idle - 800) <= 80, `idle timeout measured ${idle} ms`);
    assert.equal(report.keepAlive?.closeKind, 'fin');
    assert.equal(report.causes[0]?.id, 'keepalive-idle-race');

    const state = await withProbe;
    const probe = state.detail?.probe;
    assert.ok(probe, 'the panel shows the probe');
    assert.ok(probe.keepAlive.some((k) => /0\.8 s|8\d\d ms|7\d\d ms/.test(k) && k.includes('FIN')), JSON.stringify(probe?.keepAlive));
    assert.ok(probe.verdict.some((c) => c.id === 'keepalive-idle-race'));
    // A wider side bar for the screenshot the README shows.
    await vscode.commands.executeCommand('connectionDoctor.panel.focus');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    api.panel.refresh();
    await rendered(api, (x) => x.selectedId === occ.id, 'the diagnosis to render');
    requestScreenshot('panel-diagnosis');

    // The fix offered for a client calling this endpoint now uses the measurement.
    const uri = workspaceUri('flow', 'probe-target.ts');
    fs.writeFileSync(uri.fsPath, `import * as http from 'node:http';\n\nconst agent = new http.Agent({ keepAlive: true });\n\nexport function ping(): void {\n  http.get('${lab.url}ping', { agent }, (res) => res.resume());\n}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(2, 6, 2, 6))) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /0\.8 ?s|800 ?ms|server closes idle connections after/.test(t)), `titles use the measured timeout: ${JSON.stringify(titles)}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    api.occurrences.remove((o) => o.id === occ.id);
  });

  test('a running probe is cancelled and returns its partial report', async function () {
    this.timeout(60000);
    // Never closes idle connections within the probe's bound: the idle measurement would take 20 s.
    const lab = await startLab('healthy', { idleMs: 120000 });
    labs.push(lab);
    const idleStarted = nextEvent(api.probeRunner.onProgress, (p) => p.phase === 'idle', 30000, 'the idle phase to start');
    const t0 = Date.now();
    const running = vscode.commands.executeCommand<ProbeReport | undefined>('connectionDoctor.probeEndpoint', { url: lab.url, options: { maxIdleMs: 20000 } });
    await idleStarted;
    assert.ok(api.probeRunner.isRunning);
    api.probeRunner.cancelAll();
    const report = await running;
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 15000, `cancelled after ${elapsed} ms, well before the 20 s idle bound`);
    assert.ok(report, 'the partial report comes back');
    assert.equal(report.http?.status, 200);
    assert.ok(!api.probeRunner.isRunning);
  });
});
