// Node cure: the global fetch (undici inside Node) against a lab server that closes idle connections
// after 300 ms without a Keep-Alive hint (undici assumes 4 s) fails; after
// `connection-doctor fix --fix keepalive-idle` it never fails. With the hint, undici heals itself.
import { strict as assert } from 'node:assert';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startLab, type LabServer } from '../../fixtures/servers/index';
import { PROGRAMS, cleanup, cliFix, runClient, scratchDir, serverIdle } from './helpers';

const REQUESTS = 100;
// A pause equal to the server's idle timeout lands the next request on its close.
const GAPS = '299,300,301,302';

describe('cure: Node global fetch against a server closing idle connections after 300 ms', { concurrency: true }, () => {
  const dirs: string[] = [];
  const labs: LabServer[] = [];
  after(async () => {
    await Promise.all(labs.map((l) => l.close()));
    cleanup(dirs);
  });

  it(`fails before keepalive-idle and never after (${REQUESTS} requests each)`, async (t) => {
    const dir = scratchDir('node');
    dirs.push(dir);
    const [before, before2, fixedLab] = await Promise.all([1, 2, 3].map(() => startLab('idle-close', { idleMs: 300 })));
    labs.push(before!, before2!, fixedLab!);
    const idle = await serverIdle(fixedLab!.url);
    t.diagnostic(`server idle timeout ${idle.ms} ms, from ${idle.source}`);
    assert.ok(idle.ms >= 250 && idle.ms <= 600);

    const original = join(dir, 'client.mjs');
    copyFileSync(join(PROGRAMS, 'node-client.mjs'), original);
    const fixedText = await cliFix(original, 'keepalive-idle', idle.ms);
    assert.match(fixedText, /setGlobalDispatcher\(new Agent\(\{ keepAliveTimeout: \d+, keepAliveMaxTimeout: \d+ \}\)\)/);
    const fixed = join(dir, 'client-fixed.mjs');
    writeFileSync(fixed, fixedText);

    // The probe's own requests reached this server too; count the client's from here.
    const probeGets = fixedLab!.stats.requests.GET ?? 0;
    // Two unfixed clients side by side: the race window is narrow, 200 samples make a miss unlikely.
    const [b, b2, a] = await Promise.all([
      runClient(process.execPath, [original, before!.url, String(REQUESTS), GAPS]),
      runClient(process.execPath, [original, before2!.url, String(REQUESTS), GAPS]),
      runClient(process.execPath, [fixed, fixedLab!.url, String(REQUESTS), GAPS]),
    ]);
    t.diagnostic(`before the fix: ${b.failures + b2.failures}/${2 * REQUESTS} failed; after: ${a.failures}/${REQUESTS}`);
    assert.ok(b.failures + b2.failures >= 1, `the unfixed client should hit the race:\n${b.out}${b2.out}`);
    assert.match(b.out + b2.out, /UND_ERR_SOCKET|ECONNRESET/);
    assert.equal(a.failures, 0, `the fixed client failed:\n${a.out}`);
    assert.equal((fixedLab!.stats.requests.GET ?? 0) - probeGets, REQUESTS);
  });

  it(`node:http on the global agent fails before keepalive-idle (agent timeout) and never after (${REQUESTS} POSTs each)`, async (t) => {
    const dir = scratchDir('node-http');
    dirs.push(dir);
    const [before, before2, fixedLab] = await Promise.all([1, 2, 3].map(() => startLab('idle-close', { idleMs: 300 })));
    labs.push(before!, before2!, fixedLab!);
    const idle = await serverIdle(fixedLab!.url);
    const original = join(dir, 'client.js');
    copyFileSync(join(PROGRAMS, 'node-http-client.js'), original);
    const fixedText = await cliFix(original, 'keepalive-idle', idle.ms);
    assert.match(fixedText, /new http\.Agent\(\{ keepAlive: true, timeout: \d+ \}\)/);
    const fixed = join(dir, 'client-fixed.js');
    writeFileSync(fixed, fixedText);
    const probePosts = fixedLab!.stats.requests.POST ?? 0;
    const [b, b2, a] = await Promise.all([
      runClient(process.execPath, [original, before!.url, String(REQUESTS), GAPS]),
      runClient(process.execPath, [original, before2!.url, String(REQUESTS), GAPS]),
      runClient(process.execPath, [fixed, fixedLab!.url, String(REQUESTS), GAPS]),
    ]);
    t.diagnostic(`server idle ${idle.ms} ms (${idle.source}); before the fix: ${b.failures + b2.failures}/${2 * REQUESTS} failed; after: ${a.failures}/${REQUESTS}`);
    assert.ok(b.failures + b2.failures >= 1, `the unfixed client should hit the race:\n${b.out}${b2.out}`);
    assert.match(b.out + b2.out, /ECONNRESET|socket hang up/);
    assert.equal(a.failures, 0, `the fixed client failed:\n${a.out}`);
    assert.equal((fixedLab!.stats.requests.POST ?? 0) - probePosts, REQUESTS);
  });

  it('heals itself when the server sends a Keep-Alive hint (no fix needed)', async (t) => {
    const lab = await startLab('idle-close', { idleMs: 1000, hint: true });
    labs.push(lab);
    const r = await runClient(process.execPath, [join(PROGRAMS, 'node-client.mjs'), lab.url, '8', '1000']);
    t.diagnostic(`with "Keep-Alive: timeout=1": ${r.failures}/8 failed over ${lab.stats.connections} connections`);
    assert.equal(r.failures, 0);
    // undici honoured the hint: it retired each idle connection instead of reusing it.
    assert.ok(lab.stats.connections >= 7, `expected fresh connections, saw ${lab.stats.connections}`);
  });
});
