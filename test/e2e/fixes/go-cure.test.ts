// Go cure: the field-notes client (POST every 200-300 ms through http.DefaultClient) against a real
// net/http server with IdleTimeout 300 ms fails; after `connection-doctor fix --fix keepalive-idle`
// with the server's measured idle timeout, it never fails.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROGRAMS, cleanup, cliFix, goBuild, runClient, serverIdle, startGoServer, tempDir, type GoServer } from './helpers';

const REQUESTS = 100;
const GAPS = '200,250,300,300';

describe('cure: Go http.DefaultClient against a Go server with IdleTimeout 300ms', () => {
  const dirs: string[] = [];
  const servers: GoServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    cleanup(dirs);
  });

  it(`fails at least once in ${REQUESTS} POSTs before keepalive-idle and never after`, async (t) => {
    const dir = tempDir('go-cure');
    dirs.push(dir);
    const [serverBin, beforeBin] = await Promise.all([
      goBuild(join(PROGRAMS, 'go-server'), dir, 'server'),
      goBuild(join(PROGRAMS, 'go-client'), dir, 'client-before'),
    ]);
    const before = await startGoServer(serverBin, '300ms');
    const afterSrv = await startGoServer(serverBin, '300ms');
    const getSrv = await startGoServer(serverBin, '300ms');
    servers.push(before, afterSrv, getSrv);

    const idle = await serverIdle(afterSrv.url);
    t.diagnostic(`server idle timeout ${idle.ms} ms, from ${idle.source}`);
    assert.ok(idle.ms >= 250 && idle.ms <= 600, `a 300 ms IdleTimeout measured as ${idle.ms} ms`);

    const original = join(PROGRAMS, 'go-client/main.go');
    const fixed = await cliFix(original, 'keepalive-idle', idle.ms);
    assert.match(fixed, /IdleConnTimeout = \d+ \* time\.Millisecond/);
    writeFileSync(join(dir, 'fixed-main.go'), fixed);
    const afterBin = await goBuild(join(PROGRAMS, 'go-client'), dir, 'client-after', fixed);

    const [b, a, g] = await Promise.all([
      runClient(beforeBin, [before.url, String(REQUESTS), GAPS]),
      runClient(afterBin, [afterSrv.url, String(REQUESTS), GAPS]),
      // Go heals itself for idempotent requests: its Transport retries a GET that died on a reused
      // connection before any response byte, which is why retry-idempotent is not offered for Go.
      runClient(beforeBin, [getSrv.url, String(REQUESTS), GAPS, 'GET']),
    ]);
    t.diagnostic(`before the fix: ${b.failures}/${REQUESTS} POSTs failed; after: ${a.failures}/${REQUESTS}; unfixed GETs (Go retries them itself): ${g.failures}/${REQUESTS}`);
    assert.equal(g.failures, 0, `Go's own retry of idempotent requests should hide the race:\n${g.out}`);
    assert.ok(b.failures >= 1, `the unfixed client should hit the race at least once:\n${b.out}`);
    assert.match(b.out, /EOF|connection reset by peer|server closed idle connection/);
    assert.equal(a.failures, 0, `the fixed client failed:\n${a.out}`);
    servers.splice(0);
    const [, countsAfter, countsGet] = await Promise.all([before.stop(), afterSrv.stop(), getSrv.stop()]);
    // A GET that met a closing connection never reached the handler; its retry did, once.
    assert.equal(countsGet.GET, REQUESTS);
    t.diagnostic(`the GET server saw ${countsGet.GET ?? 0} GETs for ${REQUESTS} client requests`);
    // Every POST of the fixed client arrived exactly once.
    assert.equal(countsAfter.POST, REQUESTS);
  });
});
