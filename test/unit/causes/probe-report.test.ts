import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseProbeReport, rankCauses } from '../../../src/core/causes';
import { probeReport } from './helpers';

describe('parseProbeReport', () => {
  it('round-trips a report through JSON', () => {
    const report = probeReport({
      keepAlive: { idleTimeoutMs: 3000, closeKind: 'fin', lowerBoundMs: 2900, wallMs: 3300 },
      reuse: { attempts: 10, resets: 3, eofs: 1, fresh: { attempts: 10, resets: 0, eofs: 0 } },
      causes: [{ id: 'keepalive-idle-race', confidence: 0.9, evidence: ['x'] }],
      checks: { post: { bodyBytes: 1000, bytesWritten: 1000, status: 200, outcome: 'ok', earlyResponse: false, code: null, ms: 5 } },
    });
    const back = parseProbeReport(JSON.parse(JSON.stringify(report)));
    assert.ok(back);
    assert.deepEqual(back.keepAlive, report.keepAlive);
    assert.deepEqual(back.reuse, report.reuse);
    assert.deepEqual(back.causes, report.causes);
    assert.deepEqual(back.tls, report.tls);
    assert.deepEqual(back.checks, report.checks);
    assert.deepEqual(rankCauses([], { probe: back }), rankCauses([], { probe: report }));
  });

  it('rejects what is not a report', () => {
    assert.equal(parseProbeReport(null), null);
    assert.equal(parseProbeReport([]), null);
    assert.equal(parseProbeReport({}), null);
    assert.equal(parseProbeReport({ url: 'http://x', error: { phase: 'nowhere', code: 'X', message: 'y' } }), null);
    assert.equal(parseProbeReport({ url: 'http://x', reuse: { attempts: '3' } }), null);
  });

  it('drops causes with unknown ids or out-of-range confidence', () => {
    const r = parseProbeReport({ url: 'http://x', causes: [{ id: 'gremlins', confidence: 0.9 }, { id: 'dns-resolution', confidence: 7 }, { id: 'dns-resolution', confidence: 0.4, evidence: [1, 'e'] }] });
    assert.deepEqual(r?.causes, [{ id: 'dns-resolution', confidence: 0.4, evidence: ['e'] }]);
  });
});
