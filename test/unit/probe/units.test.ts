import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkEnvironment, goNotes, libcurlNotes, nodeNotes, versionParts } from '../../../src/core/probe/environment';
import { ResponseParser } from '../../../src/core/probe/http1';
import { parseKeepAliveHint } from '../../../src/core/probe/http-phase';
import { idleGrid } from '../../../src/core/probe/idle';
import { bypassesProxy, proxyFor } from '../../../src/core/probe/proxy-env';
import { reuseIdles } from '../../../src/core/probe/reuse';
import { parseProbeUrl } from '../../../src/core/probe/url';
import { clientIdleFor, judge, type ReportFacts } from '../../../src/core/probe/verdict';

function facts(over: Partial<ReportFacts>): ReportFacts {
  return {
    url: 'http://example.test/',
    addresses: ['192.0.2.1'],
    phases: { dnsMs: 1, connectMs: 2, tlsMs: null, ttfbMs: 3, totalMs: 6 },
    tls: null,
    http: { status: 200, version: '1.1', headers: {}, keepAliveHint: null, connectionClose: false },
    keepAlive: null,
    reuse: null,
    error: null,
    ...over,
  };
}

describe('parseProbeUrl', () => {
  it('accepts http and https URLs with a host', () => {
    const r = parseProbeUrl(' https://api.example.test:8443/x?y=1 ');
    assert.ok(r.ok);
    assert.equal(r.url.port, '8443');
  });
  for (const [input, why] of [['', /no URL/], ['example.test/x', /no scheme/], ['ftp://example.test/', /unsupported scheme 'ftp'/], ['http://', /not a valid URL|no host/], ['http://exa mple/', /not a valid URL/]] as const) {
    it(`rejects '${input}' with a clear message`, () => {
      const r = parseProbeUrl(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, why);
    });
  }
});

describe('verdict', () => {
  it('client idle = min(server − 1 s, 0.75 × server), floor 250 ms', () => {
    assert.equal(clientIdleFor(60_000), 45_000);
    assert.equal(clientIdleFor(3000), 2000);
    assert.equal(clientIdleFor(1500), 500);
    assert.equal(clientIdleFor(800), 250);
  });

  it('a clean report gets no cause and no fix', () => {
    const v = judge(facts({ http: { status: 200, version: '1.1', headers: {}, keepAliveHint: { timeoutSeconds: 5, max: null }, connectionClose: false } }));
    assert.deepEqual(v, { causes: [], recommendations: [] });
  });

  it('FIN close at 3 s without hint: keepalive-idle-race with the fix parameters', () => {
    const v = judge(facts({ keepAlive: { idleTimeoutMs: 3000, closeKind: 'fin', lowerBoundMs: null, wallMs: 3010, method: 'passive' } }));
    assert.equal(v.causes[0]?.id, 'keepalive-idle-race');
    assert.deepEqual(v.recommendations.find((r) => r.fix === 'keepalive-idle')?.params, { serverIdleMs: 3000, clientIdleMs: 2000 });
    assert.match(v.causes[0]?.evidence.join(' ') ?? '', /min\(server − 1 s, 0.75 × server\)/);
  });

  it('a tiny idle window recommends disabling keep-alive', () => {
    const v = judge(facts({ keepAlive: { idleTimeoutMs: 300, closeKind: 'fin', lowerBoundMs: null, wallMs: 310 } }));
    assert.ok(v.recommendations.some((r) => r.fix === 'disable-keepalive'));
    assert.ok(!v.recommendations.some((r) => r.fix === 'keepalive-idle' && (r.params.clientIdleMs ?? 0) >= 300));
  });

  it('an RST idle close is a middlebox, with TCP keep-alive below its timeout', () => {
    const v = judge(facts({ keepAlive: { idleTimeoutMs: 350_000, closeKind: 'rst', lowerBoundMs: null, wallMs: 350_100 } }));
    assert.equal(v.causes[0]?.id, 'middlebox-idle-timeout');
    const ka = v.recommendations.find((r) => r.fix === 'tcp-keepalive');
    assert.ok(ka && (ka.params.tcpKeepAliveMs ?? Infinity) < 350_000);
  });

  it('a lower bound alone is no cause', () => {
    const v = judge(facts({ keepAlive: { idleTimeoutMs: null, closeKind: null, lowerBoundMs: 30_000, wallMs: 30_000 } }));
    assert.equal(v.causes.length, 0);
  });

  it('resets on reused but not on fresh connections raise the race', () => {
    const v = judge(facts({
      keepAlive: { idleTimeoutMs: 2000, closeKind: 'fin', lowerBoundMs: null, wallMs: 2000 },
      reuse: { attempts: 10, resets: 2, eofs: 3, fresh: { attempts: 10, resets: 0, eofs: 0 } },
    }));
    assert.equal(v.causes[0]?.id, 'keepalive-idle-race');
    assert.ok((v.causes[0]?.confidence ?? 0) >= 0.9);
  });

  it('reuse failures only beyond an announced timeout stay below 0.2', () => {
    const v = judge(facts({
      http: { status: 200, version: '1.1', headers: {}, keepAliveHint: { timeoutSeconds: 5, max: null }, connectionClose: false },
      reuse: { attempts: 4, resets: 0, eofs: 2, fresh: { attempts: 4, resets: 0, eofs: 0 }, idlesMs: [4500, 5000, 5500, 6000], failedIdlesMs: [5500, 6000] },
    }));
    assert.ok(v.causes.every((c) => c.confidence < 0.2), JSON.stringify(v.causes));
  });

  it('phase errors map to their causes', () => {
    const cases: [ReportFacts['error'], string][] = [
      [{ phase: 'dns', code: 'ENOTFOUND', message: 'x' }, 'dns-resolution'],
      [{ phase: 'tcp', code: 'ECONNREFUSED', message: 'x' }, 'service-not-listening'],
      [{ phase: 'tcp', code: 'EHOSTUNREACH', message: 'x' }, 'host-unreachable'],
      [{ phase: 'proxy', code: 'PROXY_STATUS_407', message: 'x' }, 'proxy-misconfigured'],
      [{ phase: 'tls', code: 'CERT_HAS_EXPIRED', message: 'x' }, 'tls-certificate'],
      [{ phase: 'tls', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'x' }, 'tls-handshake-rejected'],
      [{ phase: 'http', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'x' }, 'request-timeout'],
    ];
    for (const [error, id] of cases) assert.equal(judge(facts({ error, http: null })).causes[0]?.id, id, JSON.stringify(error));
  });
});

describe('HTTP/1.1 response parser', () => {
  it('reads a chunked response split at awkward places, after a 100 Continue', () => {
    const p = new ResponseParser('GET');
    const text = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=5\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n';
    let done = null;
    for (let i = 0; i < text.length; i += 3) done = p.push(Buffer.from(text.slice(i, i + 3), 'latin1')) ?? done;
    assert.ok(done);
    assert.equal(done.status, 200);
    assert.equal(done.bodyBytes, 11);
    assert.deepEqual(p.interim, [100]);
    assert.equal(done.reusable, true);
  });

  it('knows when a connection is not reusable', () => {
    const p10 = new ResponseParser('GET').push(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'));
    assert.equal(p10?.reusable, false);
    const close = new ResponseParser('HEAD').push(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 99\r\n\r\n'));
    assert.equal(close?.reusable, false);
    assert.equal(close?.bodyBytes, 0);
  });

  it('parses the Keep-Alive hint', () => {
    assert.deepEqual(parseKeepAliveHint('timeout=5, max=1000'), { timeoutSeconds: 5, max: 1000 });
    assert.deepEqual(parseKeepAliveHint('max=3'), { timeoutSeconds: null, max: 3 });
    assert.equal(parseKeepAliveHint(undefined), null);
  });
});

describe('idle measurement plan', () => {
  it('grid is geometric, ends below the bound, and brackets the hint', () => {
    const g = idleGrid(30_000, 5000);
    assert.ok(g.every((d, i) => i === 0 || d > (g[i - 1] ?? 0)));
    assert.ok((g.at(-1) ?? Infinity) < 30_000);
    assert.ok(g.includes(4850) && g.includes(5150));
  });

  it('reuse idles spread around the timeout', () => {
    assert.deepEqual(reuseIdles(5, 1000, 30_000), [900, 950, 1000, 1050, 1100]);
    assert.deepEqual(reuseIdles(3, 1000, 1000), [900, 1000, 1000]);
    assert.equal(reuseIdles(0, 1000, 30_000).length, 0);
  });
});

describe('proxy environment', () => {
  const url = new URL('https://api.example.test/x');
  it('follows HTTPS_PROXY, redacting its credentials', () => {
    const p = proxyFor(url, { HTTPS_PROXY: 'http://user:pa55@proxy.test:3128' });
    assert.equal(p.source, 'HTTPS_PROXY');
    assert.ok(p.url && !p.url.includes('pa55'));
    assert.ok(!(p.variables.HTTPS_PROXY ?? '').includes('pa55'));
  });
  it('honours NO_PROXY suffixes, ports and *', () => {
    assert.equal(proxyFor(url, { https_proxy: 'http://p:1', no_proxy: '.example.test' }).url, null);
    assert.ok(bypassesProxy('api.example.test', 443, 'example.test'));
    assert.ok(!bypassesProxy('api.example.test', 443, 'example.test:8443'));
    assert.ok(bypassesProxy('anything', 80, '*'));
    assert.ok(!bypassesProxy('notexample.test', 80, 'example.test'));
  });
  it('ignores upper-case HTTP_PROXY for http:// like curl, and says so', () => {
    const p = proxyFor(new URL('http://a.test/'), { HTTP_PROXY: 'http://p:1' });
    assert.equal(p.url, null);
    assert.match(p.reason, /ignore/);
  });
});

describe('environment check', () => {
  it('versions against known behaviour', () => {
    assert.deepEqual(versionParts('7.88.1'), [7, 88, 1]);
    assert.ok(libcurlNotes('7.64.0').some((n) => /MAXAGE_CONN \(7\.65\.0\)/.test(n.message)));
    assert.ok(libcurlNotes('7.88.1').some((n) => /POSTs included/.test(n.message)));
    assert.ok(goNotes('go1.19.8').some((n) => n.level === 'warning' && /1\.19/.test(n.message)));
    assert.ok(nodeNotes('v20.20.2').some((n) => /Node 19/.test(n.message)));
    assert.ok(nodeNotes('v18.0.0').some((n) => /does not keep connections alive/.test(n.message)));
  });

  it('reads runtimes on PATH, MTUs and proxy variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-net-'));
    try {
      for (const [name, mtu] of [['lo', '65536'], ['wg0', '1420'], ['eth0', '1500']] as const) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'mtu'), `${mtu}\n`);
      }
      const r = await checkEnvironment({ env: { PATH: process.env.PATH, HTTPS_PROXY: 'http://u:secret-pw@proxy.test:3128' }, sysClassNet: dir });
      assert.deepEqual(r.interfaces.map((i) => [i.name, i.mtu]), [['eth0', 1500], ['lo', 65536], ['wg0', 1420]]);
      assert.ok(r.interfaces.find((i) => i.name === 'wg0')?.notes.some((n) => n.level === 'warning'));
      assert.ok(!JSON.stringify(r).includes('secret-pw'));
      const node = r.runtimes.find((x) => x.name === 'node');
      assert.ok(node?.found && /^v\d+\./.test(node.version ?? ''));
      const php = r.runtimes.find((x) => x.name === 'php');
      const curl = r.runtimes.find((x) => x.name === 'libcurl');
      if (php?.found) assert.match(php.version ?? '', /^\d+\.\d+\.\d+/);
      if (curl?.found) assert.match(curl.version ?? '', /^\d+\.\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redact helper', () => {
  it('handles URLs, header maps and free text', async () => {
    const { redact } = await import('../../../src/core/redact');
    assert.ok(!redact('https://u:pw-x1@h.test/?api_key=k-x2').match(/pw-x1|k-x2/));
    assert.ok(!redact(new URL('https://u:pw-x1@h.test/')).includes('pw-x1'));
    const h = redact({ Authorization: 'Bearer abcdefgh12345', location: 'https://h.test/?token=t-x3', accept: '*/*' });
    assert.ok(!JSON.stringify(h).match(/abcdefgh12345|t-x3/));
    assert.equal(h.accept, '*/*');
    assert.ok(!redact('retrying POST https://u:pw-x4@h.test/x: ECONNRESET').includes('pw-x4'));
  });
});

describe('connect to every address', () => {
  it('keeps the address that answered and reports the refused one', async () => {
    const net = await import('node:net');
    const { connectAny } = await import('../../../src/core/probe/connect');
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      const r = await connectAny(['127.0.0.2', '127.0.0.1'], port, 3000);
      assert.equal(r.address, '127.0.0.1');
      r.socket?.destroy();
      assert.match(r.attempts[0]?.error ?? '', /ECONNREFUSED/);
      assert.equal(r.attempts[1]?.error, null);
      assert.ok((r.attempts[1]?.ms ?? -1) >= 0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
