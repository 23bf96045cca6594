import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { applyFix, clientIdleFor, findSites, languageForPath, listFixes, syntaxError } from '../../../src/core/fixes/index';
import { maxAgeSecondsFor } from '../../../src/core/fixes/php';
import { applyEdits } from '../../../src/core/fixes/text';
import { clientIdleFor as probeClientIdleFor } from '../../../src/core/probe/verdict';
import { FIX_IDS } from '../../../src/core/types';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/fixes');

const GO = `package main

import "net/http"

func main() {
	_, _ = http.Get("http://127.0.0.1:8080/a")
	tr := &http.Transport{}
	_ = tr
}
`;

describe('fix engine: languages and sites', () => {
  it('maps file names to dialects', () => {
    assert.equal(languageForPath('/x/main.go'), 'go');
    assert.equal(languageForPath('a.PHP'), 'php');
    assert.equal(languageForPath('a.mjs'), 'javascript');
    assert.equal(languageForPath('a.cjs'), 'javascript');
    assert.equal(languageForPath('a.mts'), 'typescript');
    assert.equal(languageForPath('a.tsx'), 'tsx');
    assert.equal(languageForPath('README.md'), null);
    assert.equal(languageForPath('Makefile'), null);
  });

  it('finds Go sites with char and byte offsets, 0-based ranges and the literal URL', async () => {
    const src = `// grüße\n${GO}`;
    const sites = await findSites(src, 'go');
    assert.deepEqual(sites.map((s) => s.kind), ['go.default-call', 'go.transport']);
    const call = sites[0]!;
    assert.equal(call.url, 'http://127.0.0.1:8080/a');
    assert.equal(src.slice(call.start, call.end), 'http.Get("http://127.0.0.1:8080/a")');
    // "ü" and "ß" take two bytes each in UTF-8.
    assert.equal(call.startByte, call.start + 2);
    assert.equal(call.endByte - call.startByte, call.end - call.start);
    assert.deepEqual(call.range.start, { line: 6, character: 8 });
  });

  it('follows import aliases and ignores other packages\' Get', async () => {
    const src = 'package main\n\nimport (\n\th "net/http"\n\t"example.com/other/http2"\n)\n\nfunc main() {\n\t_, _ = h.Post("u", "t", nil)\n\t_, _ = http2.Get("u")\n}\n';
    const sites = await findSites(src, 'go');
    assert.deepEqual(sites.map((s) => [s.kind, src.slice(s.start, s.start + 6)]), [['go.default-call', 'h.Post']]);
  });

  it('finds PHP handles through namespaces and `use function`, not shadowed functions', async () => {
    const src = '<?php\nnamespace A;\nuse function Vendor\\curl_init;\n$a = curl_init();\n$b = \\curl_init("http://127.0.0.1/");\nforeach ([1, 2] as $i) { \\curl_exec($b); }\n';
    const sites = await findSites(src, 'php');
    assert.deepEqual(sites.map((s) => s.kind), ['php.curl-init', 'php.curl-exec-loop']);
    assert.equal(sites[0]!.url, 'http://127.0.0.1/');
  });

  it('finds Node sites in ESM and CommonJS, and leaves a local `fetch` alone', async () => {
    const esm = "import { Agent, request } from 'undici';\nimport * as https from 'node:https';\nconst a = new Agent();\nawait request('http://x/');\nhttps.get('https://x/', () => {});\nawait fetch('http://y/');\n";
    assert.deepEqual((await findSites(esm, 'typescript')).map((s) => s.kind), ['node.undici-agent', 'node.undici-request', 'node.http-request', 'node.global-fetch']);
    const cjs = "const axios = require('axios');\nconst { Agent } = require('node:http');\nconst api = axios.create({});\naxios.get('http://x/', { timeout: 1 });\nnew Agent({ keepAlive: true });\n";
    assert.deepEqual((await findSites(cjs, 'javascript')).map((s) => s.kind), ['node.axios-create', 'node.axios-call', 'node.http-agent']);
    const local = 'function fetch(u) { return u; }\nfetch("http://x/");\n';
    assert.deepEqual(await findSites(local, 'javascript'), []);
  });
});

describe('fix engine: parameters', () => {
  it('keeps the client idle timeout below the server\'s, with the same rule as the probe verdict', () => {
    assert.equal(clientIdleFor(3000), 2000);
    assert.equal(clientIdleFor(300), 250);
    assert.equal(clientIdleFor(1500), 500);
    assert.equal(clientIdleFor(60_000), 45_000);
    for (let ms = 100; ms <= 120_000; ms += 97) {
      assert.equal(clientIdleFor(ms), probeClientIdleFor(ms), `server idle ${ms} ms`);
      if (ms > 333) assert.ok(clientIdleFor(ms) < ms);
    }
  });

  it('counts libcurl MAXAGE_CONN in whole seconds with the truncation margin', () => {
    assert.equal(maxAgeSecondsFor(2000), 1);
    assert.equal(maxAgeSecondsFor(2999), 1);
    assert.equal(maxAgeSecondsFor(1999), 0);
    assert.equal(maxAgeSecondsFor(45_000), 44);
  });

  it('titles name the setting, the value and the server figure', async () => {
    const offers = await listFixes(GO, 'go', { serverIdleMs: 3000 });
    const t = offers.find((o) => o.fix === 'keepalive-idle' && o.site.kind === 'go.transport')!;
    assert.equal(t.title, 'Set IdleConnTimeout to 2s on this transport (server closes idle connections after 3.0 s)');
    assert.match(t.description, /1s earlier/);
    const dflt = await listFixes(GO, 'go');
    assert.match(dflt.find((o) => o.fix === 'keepalive-idle')!.title, /no probe: assumes a 5\.0 s server idle timeout/);
  });
});

describe('fix engine: refusals', () => {
  it('makes no edit to a file that does not parse, and says where', async () => {
    const broken = 'package main\n\nimport "net/http"\n\nfunc main() {\n\ttr := &http.Transport{\n}\n';
    const r = await applyFix(broken, 'go', 'keepalive-idle');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'unparseable');
    assert.match(!r.ok ? r.reason : '', /does not parse as go .*line \d+/);
    assert.deepEqual(await findSites(broken, 'go'), []);
    assert.deepEqual(await listFixes(broken, 'go'), []);
    assert.notEqual(await syntaxError('<?php\nfunction (', 'php'), null);
    assert.equal(await syntaxError(GO, 'go'), null);
  });

  it('explains when nothing applies', async () => {
    const none = await applyFix('package main\n\nfunc main() {}\n', 'go', 'keepalive-idle');
    assert.deepEqual(none, { ok: false, code: 'not-applicable', reason: 'no HTTP client or request was found in this file' });
    const retry = await applyFix(GO, 'go', 'retry-idempotent');
    assert.ok(!retry.ok && retry.code === 'not-applicable');
    assert.match(!retry.ok ? retry.reason : '', /Idempotency-Key/);
    const headers = readFileSync(join(FIXTURES, 'php/headers_variable.php'), 'utf8');
    const expect = await applyFix(headers, 'php', 'expect-header');
    assert.ok(!expect.ok);
    assert.match(!expect.ok ? expect.reason : '', /CURLOPT_HTTPHEADER is set from `\$headers`/);
    const bad = await applyFix(GO, 'go', 'no-such-fix' as never);
    assert.ok(!bad.ok && bad.code === 'bad-input');
  });

  it('refuses keepalive-idle when the server idle timeout leaves no room below it', async () => {
    const r = await applyFix(GO, 'go', 'keepalive-idle', { serverIdleMs: 200 });
    assert.ok(!r.ok && r.code === 'not-applicable');
    assert.match(!r.ok ? r.reason : '', /use disable-keepalive/);
    const offers = await listFixes(GO, 'go', { serverIdleMs: 200 });
    assert.ok(offers.length > 0 && offers.every((o) => o.fix !== 'keepalive-idle'));
  });

  it('applies at one site when asked', async () => {
    const all = await applyFix(GO, 'go', 'disable-keepalive');
    const one = await applyFix(GO, 'go', 'disable-keepalive', {}, 1);
    assert.ok(all.ok && one.ok);
    assert.ok(one.edits.length < all.edits.length);
    assert.match(one.output, /&http\.Transport\{DisableKeepAlives: true\}/);
    assert.match(one.output, /http\.Get\(/);
    const out = await applyFix(GO, 'go', 'disable-keepalive', {}, 9);
    assert.ok(!out.ok && out.code === 'bad-input');
  });
});

describe('fix engine: every fixture, every fix', () => {
  const files = ['go', 'php', 'node'].flatMap((lang) => readdirSync(join(FIXTURES, lang)).filter((f) => languageForPath(f)).map((f) => join(FIXTURES, lang, f)));
  it(`edits reproduce the output, the output parses, and a second application changes nothing (${files.length} files x ${FIX_IDS.length} fixes x 2 parameter sets)`, async () => {
    let applied = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const dialect = languageForPath(file)!;
      for (const fix of FIX_IDS) {
        for (const params of [{}, { serverIdleMs: 1200 }]) {
          const r = await applyFix(source, dialect, fix, params);
          if (!r.ok) {
            assert.notEqual(r.code, 'unparseable', `${file}: ${r.reason}`);
            assert.ok(r.reason.length > 0);
            continue;
          }
          applied++;
          assert.equal(applyEdits(source, r.edits), r.output, `${file} ${fix}`);
          assert.equal(await syntaxError(r.output, dialect), null, `${file} ${fix}`);
          const again = await applyFix(r.output, dialect, fix, params);
          assert.ok(again.ok, `${file} ${fix}: ${again.ok ? '' : again.reason}`);
          assert.deepEqual(again.edits, [], `${file} ${fix}: second application changed the file`);
        }
      }
    }
    assert.ok(applied > 100, `only ${applied} applications`);
  });
});
