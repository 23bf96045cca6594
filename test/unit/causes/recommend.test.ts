import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { clientIdleFor, rankCauses, recommendFixes, tcpKeepAliveFor } from '../../../src/core/causes';
import { clientIdleFor as probeClientIdleFor } from '../../../src/core/probe/verdict';
import { cadence, finding, probeReport } from './helpers';

describe('fix recommendations', () => {
  it('keeps the client idle timeout below the server\'s, with margin', () => {
    assert.equal(clientIdleFor(3000), 2000);
    assert.equal(clientIdleFor(5000), 3750);
    assert.equal(clientIdleFor(350_000), 262_500);
    for (const ms of [300, 1000, 1500, 2000, 4000, 60_000, 240_000]) {
      const c = clientIdleFor(ms);
      assert.ok(c >= 250, `${ms} → ${c}`);
      if (ms > 1000) assert.ok(c <= ms - 250, `${ms} → ${c}`);
    }
  });

  it('uses the same rule as the probe verdict', () => {
    for (const ms of [300, 999, 1000, 1500, 3000, 5000, 75_000, 350_000]) assert.equal(clientIdleFor(ms), probeClientIdleFor(ms), `${ms}`);
  });

  it('keeps a middlebox flow warm at half its timeout, at most every 60 s', () => {
    assert.equal(tcpKeepAliveFor(240_000), 60_000);
    assert.equal(tcpKeepAliveFor(30_000), 15_000);
  });

  it('derives the keep-alive fix from a log cadence when there is no probe', () => {
    const findings = Array.from({ length: 6 }, () => finding({ errno: 'ECONNRESET', hints: ['reused_connection'] }));
    const c = cadence(4000, { minGapMs: 3900 });
    const recs = recommendFixes(rankCauses(findings, { cadence: c }), { cadence: c });
    assert.deepEqual(recs[0], { fix: 'keepalive-idle', params: { serverIdleMs: 4000, clientIdleMs: 3000 } });
    assert.ok(recs.some((r) => r.fix === 'retry-idempotent'));
  });

  it('recommends not reusing connections when the server idles them out in under a second', () => {
    const probe = probeReport({ keepAlive: { idleTimeoutMs: 300, closeKind: 'fin', lowerBoundMs: 290, wallMs: 400 }, reuse: { attempts: 10, resets: 2, eofs: 2 } });
    const recs = recommendFixes(rankCauses([], { probe }), { probe });
    assert.equal(recs[0]?.fix, 'disable-keepalive');
  });

  it('recommends TCP keep-alive for a middlebox', () => {
    const findings = Array.from({ length: 6 }, () => finding({ errno: 'ECONNRESET', hints: ['reused_connection'] }));
    const c = cadence(240_000);
    const recs = recommendFixes(rankCauses(findings, { cadence: c }), { cadence: c });
    assert.deepEqual(recs[0], { fix: 'tcp-keepalive', params: { tcpKeepAliveMs: 60_000 } });
  });

  it('recommends nothing for causes below the threshold', () => {
    assert.deepEqual(recommendFixes(rankCauses([finding({ errno: 'ECONNRESET' })])), []);
  });
});
