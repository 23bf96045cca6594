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
const GAPS = '250,300,300,300';

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
    const before = await startLab('idle-close', { idleMs: 300 });
    const fixedLab = await startLab('idle-close', { idleMs: 300 });
    labs.push(before, fixedLab);
    const idle = await serverIdle(fixedLab.url);
    t.diagnostic(`server idle timeout ${idle.ms} ms, from ${idle.source}`);
    assert.ok(idle.ms >= 250 && idle.ms <= 600);

    const original = join(dir, 'client.mjs');
    copyFileSync(join(PROGRAMS, 'node-client.mjs'), original);
    const fixedText = await cliFix(original, 'keepalive-idle', idle.ms);
    assert.match(fixedText, /setGlobalDispatcher\(new Agent\(\{ keepAliveTimeout: \d+, keepAliveMaxTimeout: \d+ \}\)\)/);
    const fixed = join(dir, 'client-fixed.mjs');
    writeFileSync(fixed, fixedText);

    // The probe's own requests reached this server too; count the client's from here.
    const probeGets = fixedLab.stats.requests.GET ?? 0;
    const [b, a] = await Promise.all([
      runClient(process.execPath, [original, before.url, String(REQUESTS), GAPS]),
      runClient(process.execPath, [fixed, fixedLab.url, String(REQUESTS), GAPS]),
    ]);
    t.diagnostic(`before the fix: ${b.failures}/${REQUESTS} failed; after: ${a.failures}/${REQUESTS}`);
    assert.ok(b.failures >= 1, `the unfixed client should hit the race:\n${b.out}`);
    assert.match(b.out, /UND_ERR_SOCKET|ECONNRESET/);
    assert.equal(a.failures, 0, `the fixed client failed:\n${a.out}`);
    assert.equal((fixedLab.stats.requests.GET ?? 0) - probeGets, REQUESTS);
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
