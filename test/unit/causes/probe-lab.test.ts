// The ranking fed with real probe reports: the probe engine (src/core/probe) measures the lab's
// misbehaving loopback servers (test/fixtures/servers), and rankCauses must put the cause each
// server reproduces first, on the report alone and together with a log finding.
import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { rankCauses, recommendFixes } from '../../../src/core/causes';
import { probe } from '../../../src/core/probe';
import type { ProbeOptions } from '../../../src/core/probe';
import type { CauseId, ProbeReport } from '../../../src/core/types';
import { startLab, type LabKind, type LabOptions, type LabServer } from '../../fixtures/servers';
import { finding } from './helpers';

const RESET_CAUSES: CauseId[] = ['keepalive-idle-race', 'middlebox-idle-timeout', 'server-overload', 'early-close-unread-body', 'tls-handshake-rejected', 'proxy-reset', 'expect-continue', 'mtu-blackhole', 'peer-crash-restart', 'firewall-reject'];

const labs: LabServer[] = [];
after(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

async function probeLab(kind: LabKind, lab: LabOptions, options: ProbeOptions): Promise<{ server: LabServer; report: ProbeReport }> {
  const server = await startLab(kind, lab);
  labs.push(server);
  const report = await probe(server.url, { timeoutMs: 5000, proxy: null, ...options });
  return { server, report };
}

function summary(report: ProbeReport): string {
  return JSON.stringify({ keepAlive: report.keepAlive, reuse: report.reuse, error: report.error, checks: report.checks, verdict: report.causes.map((c) => [c.id, c.confidence]) });
}

describe('rankCauses over real probe reports of the lab servers', { timeout: 120_000 }, () => {
  it('idle-close (FIN after 800 ms) → keep-alive race, client idle below 800 ms', async () => {
    const { report } = await probeLab('idle-close', { idleMs: 800 }, { idle: true, reuse: 6, maxIdleMs: 5000 });
    const ranked = rankCauses([], { probe: report });
    assert.equal(ranked[0]?.id, 'keepalive-idle-race', summary(report));
    const recs = recommendFixes(ranked, { probe: report });
    const idle = recs.find((r) => r.fix === 'keepalive-idle' || r.fix === 'disable-keepalive');
    assert.ok(idle, JSON.stringify(recs));
    if (idle.params.clientIdleMs !== undefined) assert.ok(idle.params.clientIdleMs < 800);
  });

  it('idle-close plus a bare ECONNRESET from the log → still keep-alive race, more confident than the log alone', async () => {
    const { report } = await probeLab('idle-close', { idleMs: 800 }, { idle: true, reuse: 6, maxIdleMs: 5000 });
    const log = [finding({ errno: 'ECONNRESET', text: 'Error: read ECONNRESET', endpoint: { url: null, host: '127.0.0.1', port: 80 } })];
    const alone = rankCauses(log).find((c) => c.id === 'keepalive-idle-race')?.confidence ?? 0;
    const combined = rankCauses(log, { probe: report });
    assert.equal(combined[0]?.id, 'keepalive-idle-race', summary(report));
    assert.ok((combined[0]?.confidence ?? 0) > alone);
  });

  it('middlebox resetting flows idle for 800 ms → middlebox idle timeout', async () => {
    const { report } = await probeLab('middlebox', { idleMs: 800, mode: 'on-idle' }, { idle: true, reuse: 4, maxIdleMs: 5000 });
    const ranked = rankCauses([], { probe: report });
    assert.equal(ranked[0]?.id, 'middlebox-idle-timeout', summary(report));
  });

  it('connection limit → server overload', async () => {
    const { report } = await probeLab('conn-limit', { limit: 0 }, {});
    assert.equal(rankCauses([], { probe: report })[0]?.id, 'server-overload', summary(report));
  });

  it('early close with unread body → early-close-unread-body', async () => {
    const { report } = await probeLab('early-close', {}, { postBodyBytes: 4 * 1024 * 1024 });
    assert.equal(rankCauses([], { probe: report })[0]?.id, 'early-close-unread-body', summary(report));
  });

  it('reset on Expect: 100-continue → expect-continue', async () => {
    const { report } = await probeLab('expect-reset', {}, { expectContinue: true, postBodyBytes: 65536 });
    assert.equal(rankCauses([], { probe: report })[0]?.id, 'expect-continue', summary(report));
  });

  it('TLS server resetting handshakes without SNI → tls-handshake-rejected; untrusted certificate → tls-certificate', async () => {
    const server = await startLab('tls-strict');
    labs.push(server);
    const noSni = await probe(`https://127.0.0.1:${server.port}/`, { timeoutMs: 5000, proxy: null, ca: server.ca });
    assert.equal(rankCauses([], { probe: noSni })[0]?.id, 'tls-handshake-rejected', summary(noSni));
    const untrusted = await probe(server.url, { timeoutMs: 5000, proxy: null });
    assert.equal(rankCauses([], { probe: untrusted })[0]?.id, 'tls-certificate', summary(untrusted));
    const fine = await probe(server.url, { timeoutMs: 5000, proxy: null, ca: server.ca });
    const ranked = rankCauses([], { probe: fine });
    for (const id of ['tls-handshake-rejected', 'tls-certificate'] as const) assert.ok((ranked.find((c) => c.id === id)?.confidence ?? 0) < 0.2, summary(fine));
  });

  it('proxy resetting CONNECT → proxy-reset, also with the log line of the failing client', async () => {
    const server = await startLab('proxy-reset');
    labs.push(server);
    const report = await probe('https://127.0.0.1:9/', { timeoutMs: 5000, env: { HTTPS_PROXY: `http://127.0.0.1:${server.port}` } });
    assert.equal(rankCauses([], { probe: report })[0]?.id, 'proxy-reset', summary(report));
    const log = [finding({ class: 'proxy', classes: ['proxy', 'reset'], runtime: 'curl', hints: ['proxy_tunnel'], errno: 'CURLE_RECV_ERROR', text: 'curl: (56) Proxy CONNECT aborted' })];
    assert.equal(rankCauses(log, { probe: report })[0]?.id, 'proxy-reset');
  });

  it('reset in the middle of the response → peer crash or overload, not an idle race', async () => {
    const { report } = await probeLab('rst-mid-response', {}, {});
    const ranked = rankCauses([], { probe: report });
    assert.ok(['peer-crash-restart', 'server-overload'].includes(ranked[0]?.id ?? ''), summary(report));
    assert.ok((ranked.find((c) => c.id === 'keepalive-idle-race')?.confidence ?? 0) < 0.5, summary(report));
  });

  it('healthy server → no reset cause above 0.2', async () => {
    // No --reuse: the probe would reuse connections around the announced 60 s timeout, where even
    // this server closes them, and rightly report the race.
    const { report } = await probeLab('healthy', { idleMs: 60_000 }, { idle: true, maxIdleMs: 1500, postBodyBytes: 65536, expectContinue: true });
    assert.equal(report.error, null, summary(report));
    for (const c of rankCauses([], { probe: report })) {
      if (RESET_CAUSES.includes(c.id)) assert.ok(c.confidence < 0.2, `${c.id} ${c.confidence}: ${summary(report)}`);
    }
  });
});
