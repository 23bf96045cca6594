// The log follower (watched logs) under hostile appends: writes cut at random bytes (inside UTF-8
// sequences and CRLF pairs), invalid UTF-8, NUL bytes, a 10 MiB line without a newline, then a
// truncation. What it finds must be what detect() finds in the file as a whole, line numbers
// included, and a runaway line must not be held in memory.
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { detect } from '../../src/core/detect';
import { LogFollowers } from '../../src/core/editor/log-follow';
import type { Finding } from '../../src/core/types';
import { hostileCorpus, INVALID_UTF8, pick, prng } from './hostile';

const dir = mkdtempSync(join(tmpdir(), 'cd-follow-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const key = (f: Finding): string => `${f.line}:${f.column}:${f.signature}`;

describe('log follower under hostile appends', () => {
  it('appends cut at random bytes give the findings of the whole file, with its line numbers', async () => {
    const r = prng(99);
    const lines = hostileCorpus(5, 3000, 0).lines;
    const parts: Buffer[] = [];
    for (const l of lines) {
      parts.push(Buffer.from(l));
      if (r() < 0.05) parts.push(pick(r, INVALID_UTF8));
      parts.push(Buffer.from(r() < 0.5 ? '\r\n' : '\n'));
    }
    const bytes = Buffer.concat(parts);
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const follow = new LogFollowers();
    await follow.add(path, true);
    const got: Finding[] = [];
    for (let at = 0; at < bytes.length;) {
      const n = 1 + Math.floor(r() * 9000);
      appendFileSync(path, bytes.subarray(at, at + n));
      at += n;
      got.push(...(await follow.poll(path)).findings);
    }
    // What the file holds, decoded as the follower decodes it (invalid bytes become U+FFFD).
    const expected = detect(bytes.toString('utf8').replace(/\n$/, ''));
    assert.ok(expected.length > 500, `${expected.length} findings expected`);
    assert.deepEqual(got.map(key), expected.map(key));
  });

  it('a 10 MiB line without a newline is not held whole, and the next line is still found', async () => {
    const path = join(dir, 'runaway.log');
    writeFileSync(path, 'start\n');
    const follow = new LogFollowers();
    await follow.add(path, true);
    await follow.poll(path);
    const block = Buffer.alloc(1 << 20, 0x61);
    block[100] = 0;
    const heap0 = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < 10; i++) {
      appendFileSync(path, block);
      await follow.poll(path);
      peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
    }
    appendFileSync(path, '\nError: read ECONNRESET\n');
    const res = await follow.poll(path);
    assert.deepEqual(res.findings.map((f) => [f.line, f.runtime]), [[3, 'node']]);
    console.log(`runaway line: heap +${(peak / 1048576).toFixed(1)} MiB while 10 MiB arrived without a newline`);
    assert.ok(peak < 64 * 1048576, `heap grew by ${(peak / 1048576).toFixed(1)} MiB`);
  });

  it('truncation restarts at the top, with line numbers from 1', async () => {
    const path = join(dir, 'trunc.log');
    writeFileSync(path, 'a\nb\nc\n');
    const follow = new LogFollowers();
    await follow.add(path, false);
    appendFileSync(path, 'Error: read ECONNRESET\n');
    assert.deepEqual((await follow.poll(path)).findings.map((f) => f.line), [4]);
    truncateSync(path, 0);
    appendFileSync(path, 'x\nError: connect ECONNREFUSED 127.0.0.1:1\n');
    const res = await follow.poll(path);
    assert.equal(res.reason, 'truncated');
    assert.deepEqual(res.findings.map((f) => f.line), [2]);
  });
});
