import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isHostMessage, isPanelState, isWebviewMessage, type PanelOccurrence } from '../../src/core/panel-protocol';
import { buildDetail, describeRecommendation, endpointLabel, probeUrlFor, reportMarkdown } from '../../src/core/panel-model';
import type { Finding, ProbeReport } from '../../src/core/types';

const finding: Finding = {
  line: 3, column: 1, endLine: 3, endColumn: 80, class: 'reset', classes: ['reset'], runtime: 'go', signature: 'go.read-reset',
  errno: 'ECONNRESET', endpoint: { url: 'http://admin:hunter2pass@127.0.0.1:8080/api?token=abcdef123', host: '127.0.0.1', port: 8080 },
  method: 'POST', hints: ['reused_connection'], text: 'Post "http://admin:hunter2pass@127.0.0.1:8080/api?token=abcdef123": read: connection reset by peer', timestamp: null,
};

const report: ProbeReport = {
  url: 'http://127.0.0.1:8080/', addresses: ['127.0.0.1'],
  phases: { dnsMs: 0.2, connectMs: 0.5, tlsMs: null, ttfbMs: 2.1, totalMs: 3400 }, tls: null,
  http: { status: 200, version: '1.1', headers: {}, keepAliveHint: null, connectionClose: false },
  keepAlive: { idleTimeoutMs: 3000, closeKind: 'fin', lowerBoundMs: null, wallMs: 3300 },
  reuse: { attempts: 6, resets: 2, eofs: 1 }, error: null,
  causes: [{ id: 'keepalive-idle-race', confidence: 0.9, evidence: ['server closes idle connections after 3.0 s'] }],
  recommendations: [{ fix: 'keepalive-idle', params: { serverIdleMs: 3000, clientIdleMs: 2000 } }],
};

describe('panel model', () => {
  it('labels endpoints, IPv6 included, and derives the probe URL', () => {
    assert.equal(endpointLabel(finding), '127.0.0.1:8080');
    assert.equal(endpointLabel({ endpoint: { url: null, host: '::1', port: 9000 } }), '[::1]:9000');
    assert.equal(probeUrlFor(finding), 'http://127.0.0.1:8080/');
    assert.equal(probeUrlFor({ endpoint: { url: null, host: '::1', port: 443 } }), 'https://[::1]:443/');
    assert.equal(probeUrlFor({ endpoint: null }), null);
  });

  it('builds a detail whose causes, probe and facts survive the protocol validator', () => {
    const detail = buildDetail({
      occurrenceId: 'o1', finding, causes: report.causes, retry: { verdict: 'unsafe', reason: 'POST is not idempotent' },
      probe: { report, finishedAt: new Date(0) }, getCause: () => undefined, canFix: true,
    });
    assert.equal(detail.canProbe, true);
    assert.ok(detail.probe?.keepAlive.some((k) => k.includes('3.0 s') && k.includes('FIN')));
    assert.deepEqual(detail.probe?.recommendations, ['Set the client\'s idle timeout to 2.0 s (server closes idle connections after 3.0 s)']);
    const state = { occurrences: [], selectedId: 'o1', detail, busy: null };
    assert.ok(isPanelState(state));
    assert.ok(isHostMessage({ type: 'state', state }));
    assert.ok(!JSON.stringify(detail).includes('hunter2pass'));
  });

  it('writes a redacted Markdown report with the causes and the probe', () => {
    const detail = buildDetail({ occurrenceId: 'o1', finding, causes: report.causes, retry: { verdict: 'unsafe', reason: 'r' }, probe: { report, finishedAt: new Date(0) }, getCause: () => undefined, canFix: false });
    const occ: PanelOccurrence = { id: 'o1', seenAt: new Date(0).toISOString(), source: 'terminal: go run .', errorClass: 'reset', runtime: 'go', text: finding.text, endpoint: '127.0.0.1:8080', count: 2 };
    const md = reportMarkdown(occ, detail);
    assert.ok(!md.includes('hunter2pass') && !md.includes('abcdef123'), md);
    assert.match(md, /keepalive-idle-race/);
    assert.match(md, /\| TCP connect \| 0\.5 ms \|/);
    assert.match(md, /2 times/);
  });

  it('rejects malformed webview messages', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'select', id: 'x' }));
    for (const bad of [null, 'ready', { type: 'select' }, { type: 'select', id: 5 }, { type: 'run', id: 'x' }, { type: 'probe', id: 'x'.repeat(500) }]) {
      assert.ok(!isWebviewMessage(bad), JSON.stringify(bad));
    }
  });

  it('describes every recommendation with its parameters', () => {
    assert.match(describeRecommendation({ fix: 'tcp-keepalive', params: { tcpKeepAliveMs: 60000 } }), /60\.0 s/);
    assert.match(describeRecommendation({ fix: 'retry-idempotent', params: { maxRetries: 3 } }), /never POST/);
  });
});
