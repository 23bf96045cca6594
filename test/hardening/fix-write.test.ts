// `connection-doctor fix FILE --fix ID --write` must never lose a byte of the user's file: a file
// that is not UTF-8 is refused untouched, a symlink stays a symlink, the BOM, line endings and file
// mode survive, and every byte outside the edits is the same as before.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyFix } from '../../src/core/fixes/index';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const FIXTURES = join(ROOT, 'test/fixtures/fixes');
const dir = mkdtempSync(join(tmpdir(), 'cd-fix-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, _stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr });
    });
  });
}

describe('fix --write keeps every byte it does not mean to change', () => {
  it('a Latin-1 file (not UTF-8) is refused and left byte for byte', async () => {
    const file = join(dir, 'latin1.php');
    const bytes = Buffer.concat([readFileSync(join(FIXTURES, 'php/tabs.php')), Buffer.from('\n// caf\xe9 \xff\n', 'latin1')]);
    writeFileSync(file, bytes);
    const r = await cli(['fix', file, '--fix', 'keepalive-idle', '--write']);
    assert.notEqual(r.code, 0, 'the fix was applied to a file that is not UTF-8');
    assert.match(r.stderr, /UTF-8/);
    assert.ok(readFileSync(file).equals(bytes), 'the file changed');
  });

  it('a symlink stays a symlink; its target gets the fix', async () => {
    const target = join(dir, 'real.go');
    const link = join(dir, 'link.go');
    writeFileSync(target, readFileSync(join(FIXTURES, 'go/default_post.go')));
    symlinkSync('real.go', link);
    const r = await cli(['fix', link, '--fix', 'keepalive-idle', '--write']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a regular file');
    assert.equal(readlinkSync(link), 'real.go');
    assert.match(readFileSync(target, 'utf8'), /IdleConnTimeout/);
  });

  it('BOM, CRLF and file mode survive; the bytes written are exactly the engine output', async () => {
    for (const [name, fixture, fix] of [['bom-crlf.go', 'go/crlf.go', 'keepalive-idle'], ['bom.ts', 'node/undici_agent.ts', 'timeouts'], ['bom-crlf.php', 'php/crlf.php', 'keepalive-idle']] as const) {
      const file = join(dir, name);
      const text = `\ufeff${readFileSync(join(FIXTURES, fixture), 'utf8').replace(/\r?\n/g, '\r\n')}`;
      writeFileSync(file, text);
      chmodSync(file, 0o640);
      const expected = await applyFix(text, name.endsWith('.go') ? 'go' : name.endsWith('.ts') ? 'typescript' : 'php', fix);
      assert.ok(expected.ok && expected.edits.length > 0, `${name}: the engine applies ${fix}`);
      const r = await cli(['fix', file, '--fix', fix, '--write']);
      assert.equal(r.code, 0, r.stderr);
      const written = readFileSync(file);
      assert.ok(written.equals(Buffer.from(expected.output, 'utf8')), `${name}: the bytes on disk differ from the engine's output`);
      assert.deepEqual([...written.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${name}: BOM lost`);
      assert.equal(/(^|[^\r])\n/.test(written.toString('utf8')), false, `${name}: a bare LF in a CRLF file`);
      assert.equal(statSync(file).mode & 0o777, 0o640, `${name}: mode changed`);
      // Applying again writes nothing new.
      const again = await cli(['fix', file, '--fix', fix, '--write']);
      assert.equal(again.code, 0, again.stderr);
      assert.ok(readFileSync(file).equals(written), `${name}: a second --write changed the file`);
    }
  });
});
