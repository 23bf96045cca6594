// PHP cure: one reused curl handle behind a middlebox that resets flows idle for longer than its
// timeout when they next carry data. Before the fix the middlebox kills the handle's connection
// again and again (libcurl re-sends the POST on a fresh connection, or fails with curl 56); after
// `connection-doctor fix --fix keepalive-idle` no request meets a dead connection. Against a server
// that closes idle connections with a FIN, libcurl heals itself.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startLab, type LabServer } from '../../fixtures/servers/index';
import { PROGRAMS, cleanup, cliFix, runClient, tempDir } from './helpers';

const DIED = /Connection died, retrying a fresh connect/g;

// The three cases are independent (own servers, own processes): run them side by side.
describe('cure: PHP reused curl handle behind an idle-RST middlebox', { concurrency: true }, () => {
  const dirs: string[] = [];
  const labs: LabServer[] = [];
  after(async () => {
    await Promise.all(labs.map((l) => l.close()));
    cleanup(dirs);
  });

  async function beforeAndAfter(t: { diagnostic: (s: string) => void }, idleMs: number, requests: number, gaps: string, expectOption: RegExp): Promise<void> {
    const dir = tempDir('php-cure');
    dirs.push(dir);
    const before = await startLab('middlebox', { idleMs, mode: 'on-next-data' });
    const fixedLab = await startLab('middlebox', { idleMs, mode: 'on-next-data' });
    labs.push(before, fixedLab);
    // A middlebox that resets silently on next data gives no close to time: the fix takes the
    // middlebox's configured idle timeout.
    const original = join(PROGRAMS, 'php-client.php');
    const fixedText = await cliFix(original, 'keepalive-idle', idleMs);
    assert.match(fixedText, expectOption);
    const fixed = join(dir, 'client-fixed.php');
    writeFileSync(fixed, fixedText);
    const [b, a] = await Promise.all([
      runClient('php', [original, before.url, String(requests), gaps]),
      runClient('php', [fixed, fixedLab.url, String(requests), gaps]),
    ]);
    const diedBefore = (b.err.match(DIED) ?? []).length;
    const diedAfter = (a.err.match(DIED) ?? []).length;
    t.diagnostic(`middlebox idle ${idleMs} ms, ${requests} POSTs: before the fix ${b.failures} failed (curl 56) and libcurl silently re-sent ${diedBefore} on a fresh connection; after: ${a.failures} failed, ${diedAfter} re-sent`);
    assert.ok(b.failures + diedBefore >= 1, `the unfixed handle should meet a reset connection:\n${b.out}`);
    assert.equal(a.failures, 0, `the fixed client failed:\n${a.out}`);
    assert.equal(diedAfter, 0, 'after the fix no request may meet a dead connection');
    assert.equal(fixedLab.stats.requests.POST, requests, 'each POST reaches the server exactly once');
  }

  it('sub-second middlebox idle (600 ms): CURLOPT_FORBID_REUSE', async (t) => {
    await beforeAndAfter(t, 600, 24, '300,800', /curl_setopt\(\$ch, CURLOPT_FORBID_REUSE, true\);/);
  });

  it('3 s middlebox idle: CURLOPT_MAXAGE_CONN (whole seconds) keeps reuse for short gaps', async (t) => {
    await beforeAndAfter(t, 3000, 9, '500,2500,3300', /curl_setopt\(\$ch, CURLOPT_MAXAGE_CONN, 1\);/);
  });

  it('heals itself against a server that closes idle connections with a FIN (no fix needed)', async (t) => {
    const lab = await startLab('idle-close', { idleMs: 300 });
    labs.push(lab);
    // Pauses clearly short of the idle timeout or past it: the FIN has arrived before the next use.
    // (A pause landing on the timeout itself races the FIN in any client.)
    const r = await runClient('php', [join(PROGRAMS, 'php-client.php'), lab.url, '20', '150,450']);
    const died = (r.err.match(DIED) ?? []).length;
    t.diagnostic(`orderly close after 300 ms: ${r.failures}/20 failed, ${died} re-sent, ${lab.stats.connections} connections (libcurl checks a cached connection before reusing it)`);
    assert.equal(r.failures, 0, r.out);
    assert.equal(lab.stats.requests.POST, 20);
    assert.ok(lab.stats.connections > 1, 'the server did close idle connections');
  });
});
