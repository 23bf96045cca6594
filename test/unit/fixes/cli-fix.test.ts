import { strict as assert } from 'node:assert';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/fixes');

function io(): CliIo & { out: string; err: string } {
  const x = {
    out: '',
    err: '',
    stdout: (s: string) => { x.out += s; },
    stderr: (s: string) => { x.err += s; },
    stdin: () => Readable.from(['']),
  };
  return x;
}

describe('connection-doctor fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-cli-fix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const fixture = (lang: string, name: string): string => {
    const to = join(dir, name);
    copyFileSync(join(FIXTURES, lang, name), to);
    return to;
  };

  it('--list prints each applicable fix with its place and title', async () => {
    const file = fixture('go', 'default_post.go');
    const c = io();
    assert.equal(await main(['fix', file, '--list', '--server-idle-ms', '3000'], c), 0);
    assert.match(c.out, /default_post\.go:13:16 {2}keepalive-idle {2}Set IdleConnTimeout to 2s on a dedicated client \(server closes idle connections after 3\.0 s\)/);
    assert.match(c.out, /disable-keepalive/);
  });

  it('--list --json gives fixes, sites and ranges', async () => {
    const file = fixture('php', 'setopt_array.php');
    const c = io();
    assert.equal(await main(['fix', file, '--list', '--json'], c), 0);
    const offers = JSON.parse(c.out) as { fix: string; siteIndex: number; title: string; site: { kind: string; range: { start: { line: number } } } }[];
    assert.ok(offers.some((o) => o.fix === 'expect-header' && o.site.kind === 'php.curl-init' && o.site.range.start.line === 4));
    assert.ok(offers.every((o) => typeof o.title === 'string' && Number.isInteger(o.siteIndex)));
  });

  it('--fix prints the fixed file and leaves the file alone', async () => {
    const file = fixture('node', 'undici_pool.ts');
    const before = readFileSync(file, 'utf8');
    const c = io();
    assert.equal(await main(['fix', file, '--fix', 'keepalive-idle', '--server-idle-ms', '3000'], c), 0);
    assert.equal(c.out, readFileSync(join(FIXTURES, 'node/expected/undici_pool.keepalive-idle.3000.ts'), 'utf8'));
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('--write replaces the file atomically, keeps its mode, and a second run changes nothing', async () => {
    const file = fixture('php', 'tabs.php');
    chmodSync(file, 0o640);
    const c = io();
    assert.equal(await main(['fix', file, '--fix', 'timeouts', '--write'], c), 0);
    assert.equal(c.out, '');
    assert.equal(readFileSync(file, 'utf8'), readFileSync(join(FIXTURES, 'php/expected/tabs.timeouts.default.php'), 'utf8'));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
    const again = io();
    assert.equal(await main(['fix', file, '--fix', 'timeouts', '--write'], again), 0);
    assert.match(again.err, /already in place/);
  });

  it('--lang picks the parser when the name does not', async () => {
    const file = join(dir, 'client.txt');
    writeFileSync(file, "const r = await fetch('http://127.0.0.1/');\nexport {};\n");
    const c = io();
    assert.equal(await main(['fix', file, '--fix', 'timeouts', '--lang', 'node'], c), 0);
    assert.match(c.out, /AbortSignal\.timeout\(30000\)/);
    const nolang = io();
    assert.equal(await main(['fix', file, '--fix', 'timeouts'], nolang), 2);
    assert.match(nolang.err, /--lang/);
  });

  it('exits 3 with the reason when nothing applies', async () => {
    const file = join(dir, 'plain.go');
    writeFileSync(file, 'package main\n\nfunc main() {}\n');
    const c = io();
    assert.equal(await main(['fix', file, '--fix', 'keepalive-idle'], c), 3);
    assert.match(c.err, /no HTTP client or request was found/);
    assert.equal(c.out, '');
    const l = io();
    assert.equal(await main(['fix', file, '--list'], l), 3);
    const g = io();
    assert.equal(await main(['fix', fixture('go', 'clone.go'), '--fix', 'retry-idempotent'], g), 3);
    assert.match(g.err, /already retries/);
  });

  it('exits 2 on an unparseable file and on bad usage', async () => {
    const file = join(dir, 'broken.php');
    writeFileSync(file, '<?php\n$ch = curl_init(;\n');
    const c = io();
    assert.equal(await main(['fix', file, '--fix', 'timeouts'], c), 2);
    assert.match(c.err, /does not parse as php/);
    for (const argv of [
      ['fix'],
      ['fix', file],
      ['fix', file, '--list', '--fix', 'timeouts'],
      ['fix', file, '--fix', 'nope'],
      ['fix', file, '--fix', 'timeouts', '--server-idle-ms', '-5'],
      ['fix', file, '--fix', 'timeouts', '--lang', 'ruby'],
      ['fix', file, '--list', '--write'],
      ['fix', join(dir, 'missing.go'), '--list'],
    ]) {
      const u = io();
      assert.equal(await main(argv, u), 2, argv.join(' '));
      assert.match(u.err, /connection-doctor: /);
    }
  });
});
