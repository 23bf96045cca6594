// Golden tests: each case applies one fix to a fixture and compares with the reviewed output, checks
// that a second application changes nothing, and every output (and its source) goes through the
// real toolchain: `go vet`, `php -l`, `tsc --noEmit`. UPDATE_GOLDEN=1 rewrites the expected files.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { applyFix, languageForPath } from '../../../src/core/fixes/index';
import type { FixId } from '../../../src/core/types';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/fixes');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

type Case = [file: string, fix: FixId, serverIdleMs: number | null];
const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Record<'go' | 'php' | 'node', Case[]>;

function expectedPath(lang: string, [file, fix, idle]: Case): string {
  const ext = extname(file);
  return join(FIXTURES, lang, 'expected', `${basename(file, ext)}.${fix}.${idle ?? 'default'}${ext}`);
}

/** Runs `jobs` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, job: (t: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) await job(t);
  }));
}

/** Source and fixed text of every case, for the toolchain checks. */
const produced: Record<string, { name: string; text: string }[]> = { go: [], php: [], node: [] };
const scratch: string[] = [];
after(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

for (const lang of ['go', 'php', 'node'] as const) {
  describe(`golden fixes: ${lang}`, () => {
    const sources = new Set<string>();
    for (const c of cases[lang]) {
      const [file, fix, idle] = c;
      it(`${file} + ${fix} (server idle ${idle ?? 'not probed'})`, async () => {
        const source = readFileSync(join(FIXTURES, lang, file), 'utf8');
        const dialect = languageForPath(file);
        assert.ok(dialect, `no dialect for ${file}`);
        const params = idle === null ? {} : { serverIdleMs: idle };
        const r = await applyFix(source, dialect, fix, params);
        assert.ok(r.ok, `expected the fix to apply: ${r.ok ? '' : r.reason}`);
        const golden = expectedPath(lang, c);
        if (UPDATE || !existsSync(golden)) {
          assert.ok(UPDATE, `missing golden ${golden}; run with UPDATE_GOLDEN=1 and review it`);
          writeFileSync(golden, r.output);
        }
        assert.equal(r.output, readFileSync(golden, 'utf8'));
        // Edits reproduce the output, and line endings stay the file's own.
        if (source.includes('\r\n')) assert.equal(r.output.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF crept into a CRLF file');
        const again = await applyFix(r.output, dialect, fix, params);
        assert.ok(again.ok, `second application failed: ${again.ok ? '' : again.reason}`);
        assert.deepEqual(again.edits, [], 'a second application must change nothing');
        assert.equal(again.output, r.output);
        produced[lang]!.push({ name: basename(golden), text: r.output });
        if (!sources.has(file)) {
          sources.add(file);
          produced[lang]!.push({ name: `source.${file}`, text: source });
        }
      });
    }
  });
}

describe('fixed files compile with the real toolchains', () => {
  it('go vet accepts every source and fixed Go file', async () => {
    assert.ok(produced.go!.length > 0, 'the golden cases ran first');
    const failures: string[] = [];
    await pool(produced.go!, 6, async ({ name, text }) => {
      const dir = mkdtempSync(join(tmpdir(), 'cd-govet-'));
      scratch.push(dir);
      writeFileSync(join(dir, 'go.mod'), 'module fixcheck\n\ngo 1.19\n');
      writeFileSync(join(dir, 'main.go'), text);
      try {
        await run('go', ['vet', '.'], { cwd: dir, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' }, timeout: 60_000 });
      } catch (err) {
        failures.push(`${name}: ${(err as { stderr?: string }).stderr ?? String(err)}`);
      }
    });
    assert.deepEqual(failures, []);
  });

  it('gofmt: a fixed Go file is as gofmt prints it whenever its source was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-gofmt-'));
    scratch.push(dir);
    for (const { name, text } of produced.go!) writeFileSync(join(dir, name), text);
    const { stdout } = await run('gofmt', ['-l', dir], { timeout: 60_000 });
    const unclean = new Set(stdout.split('\n').filter(Boolean).map((f) => basename(f)));
    const outputs = produced.go!.filter((p) => !p.name.startsWith('source.'));
    assert.ok(outputs.length > 0);
    const broken = outputs.filter((o) => unclean.has(o.name) && !unclean.has(`source.${o.name.split('.')[0]!}.go`)).map((o) => o.name);
    assert.deepEqual(broken, []);
  });

  it('php -l accepts every source and fixed PHP file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-phplint-'));
    scratch.push(dir);
    const failures: string[] = [];
    await pool(produced.php!, 6, async ({ name, text }) => {
      const f = join(dir, name);
      writeFileSync(f, text);
      try {
        await run('php', ['-l', f], { timeout: 30_000 });
      } catch (err) {
        failures.push(`${name}: ${(err as { stdout?: string }).stdout ?? String(err)}`);
      }
    });
    assert.equal(produced.php!.length > 0, true);
    assert.deepEqual(failures, []);
  });

  it('tsc --noEmit (strict, @types/node, undici types) accepts every source and fixed JS/TS file', async () => {
    // Inside the repository so that node_modules (typescript, @types/node, undici) resolve.
    const dir = join(ROOT, 'out', `fix-tsc-${process.pid}`);
    scratch.push(dir);
    rmSync(dir, { recursive: true, force: true });
    const files: string[] = [];
    produced.node!.forEach(({ name, text }, i) => {
      mkdirSync(join(dir, String(i)), { recursive: true });
      writeFileSync(join(dir, String(i), name), text);
      files.push(`${i}/${name}`);
    });
    assert.ok(files.length > 0);
    // TypeScript strict; JavaScript type-checked too (checkJs), minus the untyped-parameter rule that
    // plain JavaScript cannot meet. Generated JavaScript carries JSDoc types and passes either way.
    const projects = {
      ts: { files: files.filter((f) => /\.tsx?$/.test(f)), noImplicitAny: true },
      js: { files: files.filter((f) => /\.[cm]?js$/.test(f)), noImplicitAny: false },
    };
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    for (const [name, p] of Object.entries(projects)) {
      assert.ok(p.files.length > 0);
      writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noImplicitAny: p.noImplicitAny, noEmit: true,
          allowJs: true, checkJs: true, jsx: 'preserve', types: ['node'], moduleDetection: 'force', skipLibCheck: true, esModuleInterop: true,
          paths: { axios: [join(FIXTURES, 'node/types/axios/index.d.ts')] },
        },
        files: p.files,
      }));
      try {
        await run(process.execPath, [tsc, '--noEmit', '-p', join(dir, `tsconfig.${name}.json`)], { cwd: dir, timeout: 120_000 });
      } catch (err) {
        assert.fail(`tsc (${name}) reported errors:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
      }
    }
  });
});
