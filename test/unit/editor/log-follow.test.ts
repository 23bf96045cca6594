import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogFollowers } from '../../../src/core/editor/log-follow';
import { detect } from '../../../src/core/detect';

const RESET = 'read tcp 10.0.0.5:5555->10.0.0.9:9000: read: connection reset by peer';
const dir = mkdtempSync(join(tmpdir(), 'cd-follow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `f${++n}.log`);

describe('LogFollowers', () => {
  it('skips existing content, then reads only appended lines with their real line numbers', async () => {
    const file = fresh();
    writeFileSync(file, `old 1 ${RESET}\nINFO 2\n`);
    const f = new LogFollowers();
    await f.add(file, false);
    assert.equal((await f.poll(file)).reason, 'unchanged');
    appendFileSync(file, `INFO 3\nnew 4 ${RESET}\n`);
    const r = await f.poll(file);
    assert.equal(r.reason, 'append');
    assert.equal(r.bytes, Buffer.byteLength(`INFO 3\nnew 4 ${RESET}\n`));
    assert.deepEqual(r.findings.map((x) => x.line), [4]);
    assert.equal((await f.poll(file)).findings.length, 0, 'nothing is read twice');
  });

  it('waits for the end of a line written in two parts, including a split UTF-8 character', async () => {
    const file = fresh();
    writeFileSync(file, '');
    const f = new LogFollowers();
    await f.add(file, true);
    const line = Buffer.from(`é ${RESET}\n`);
    appendFileSync(file, line.subarray(0, 1));
    assert.equal((await f.poll(file)).findings.length, 0);
    appendFileSync(file, line.subarray(1, 20));
    assert.equal((await f.poll(file)).findings.length, 0);
    appendFileSync(file, line.subarray(20));
    const r = await f.poll(file);
    assert.equal(r.findings.length, 1);
    // The character split across writes is decoded whole: columns match a scan of the intact line.
    assert.equal(r.findings[0]?.column, detect(line.toString('utf8'))[0]?.column);
    assert.equal(r.findings[0]?.text, detect(line.toString('utf8'))[0]?.text);
  });

  it('reads a replaced file from the top after rotation, even when it is already larger than the old one', async () => {
    const file = fresh();
    writeFileSync(file, `a ${RESET}\n`);
    const f = new LogFollowers();
    await f.add(file, true);
    assert.equal((await f.poll(file)).findings.length, 1);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `INFO padding padding padding padding padding padding padding padding padding\nb ${RESET}\nc ${RESET}\n`);
    const r = await f.poll(file);
    assert.equal(r.reason, 'rotated');
    assert.deepEqual(r.findings.map((x) => x.line), [2, 3]);
  });

  it('continues a rotated file that appears under another followed name instead of reading it again', async () => {
    const file = fresh();
    const rotated = file.replace(/\.log$/, '.1.log');
    writeFileSync(file, `a ${RESET}\n`);
    const f = new LogFollowers();
    await f.add(file, true);
    assert.equal((await f.poll(file)).findings.length, 1);
    renameSync(file, rotated);
    // The rotated name shows up before the original path is polled again, and after it.
    await f.add(rotated, true);
    const r1 = await f.poll(rotated);
    assert.equal(r1.findings.length, 0);
    assert.equal(r1.bytes, 0);
    writeFileSync(file, `b ${RESET}\n`);
    assert.equal((await f.poll(file)).findings.length, 1);
    appendFileSync(rotated, `late ${RESET}\n`);
    const r2 = await f.poll(rotated);
    assert.deepEqual(r2.findings.map((x) => x.line), [2], 'a late write to the rotated file is read once, with its line number');
  });

  it('restarts at the top after truncation', async () => {
    const file = fresh();
    writeFileSync(file, `a ${RESET}\nINFO more text to make the file longer than what follows\n`);
    const f = new LogFollowers();
    await f.add(file, true);
    await f.poll(file);
    truncateSync(file, 0);
    appendFileSync(file, `b ${RESET}\n`);
    const r = await f.poll(file);
    assert.equal(r.reason, 'truncated');
    assert.deepEqual(r.findings.map((x) => x.line), [1]);
  });

  it('reports a missing file and picks it up when it appears', async () => {
    const file = fresh();
    const f = new LogFollowers();
    await f.add(file, true);
    assert.equal((await f.poll(file)).reason, 'missing');
    writeFileSync(file, `x ${RESET}\n`);
    const r = await f.poll(file);
    assert.equal(r.reason, 'initial');
    assert.equal(r.findings.length, 1);
  });

  it('serialises concurrent polls of one path', async () => {
    const file = fresh();
    writeFileSync(file, '');
    const f = new LogFollowers();
    await f.add(file, true);
    appendFileSync(file, `x ${RESET}\n`);
    const reads = await Promise.all([f.poll(file), f.poll(file), f.poll(file)]);
    assert.equal(reads.flatMap((r) => r.findings).length, 1);
  });
});

describe('LogFollowers ordering', () => {
  it('a poll issued while the file is still being added waits for it, and reads nothing old', async () => {
    const file = fresh();
    writeFileSync(file, `history ${RESET}\n`);
    const f = new LogFollowers();
    const added = f.add(file, false);
    const polled = f.poll(file);
    await added;
    const r = await polled;
    assert.equal(r.findings.length, 0);
    assert.equal(r.bytes, 0);
  });
});
