// Never corrupt a user's file: every fix fixture, and 50 seeded variations per language (comments,
// CRLF, tabs, BOM, odd spacing, blank lines, Unicode, syntax errors), through every fix id. Each
// application either refuses with a reason or yields a file that the real toolchain accepts
// (go vet, php -l, tsc --noEmit), keeps the file's BOM and line endings, and a second application
// changes nothing. Compilations are batched: one Go module, one tsc run.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { applyFix, languageForPath } from '../../src/core/fixes/index';
import { FIX_IDS, type FixId } from '../../src/core/types';
import { int, pick, prng, type Rand } from './hostile';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/fixes');
const VARIATIONS = 50;
const SEED = Number(process.env.HARDENING_SEED ?? 20261121);

type Lang = 'go' | 'php' | 'node';

interface Variant {
  name: string;
  base: string;
  transforms: string[];
  text: string;
  /** Deliberately broken: every fix must refuse. */
  broken: boolean;
}

const scratch: string[] = [];
after(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

function fixtures(lang: Lang): { file: string; text: string }[] {
  return readdirSync(join(FIXTURES, lang))
    .filter((f) => languageForPath(f) !== null)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(FIXTURES, lang, file), 'utf8') }));
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

function mapLines(text: string, f: (line: string, i: number) => string): string {
  const eol = eolOf(text);
  return text.split(eol).map(f).join(eol);
}

/** Comment syntax that is valid at the end of any line of code in the language. */
function comment(lang: Lang, r: Rand): string {
  const body = pick(r, ['note', 'TODO(ops): check keep-alive', 'ünïcödé 日本語 ✓', 'a */ b', 'http://example.com/?a=1&b=2', 'tab\there']);
  const safe = body.replace('*/', '* /');
  return r() < 0.5 ? `// ${body}` : `/* ${safe} */`;
}

/** Transformations that keep the file valid. Each takes the text and returns a variant. */
function transforms(lang: Lang): Record<string, (t: string, r: Rand) => string> {
  return {
    crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
    lf: (t) => t.replace(/\r\n/g, '\n'),
    bom: (t) => (t.startsWith('\ufeff') ? t : `\ufeff${t}`),
    'tabs-to-spaces': (t) => mapLines(t, (l) => l.replace(/^\t+/, (m) => '    '.repeat(m.length))),
    'spaces-to-tabs': (t) => mapLines(t, (l) => l.replace(/^(?: {2})+/, (m) => '\t'.repeat(m.length / 2))),
    'trailing-whitespace': (t, r) => mapLines(t, (l) => (r() < 0.3 ? `${l}${pick(r, [' ', '\t', '  \t'])}` : l)),
    'comment-lines': (t, r) => mapLines(t, (l, i) => (i > 0 && r() < 0.2 && !l.includes('<<<') ? `${comment(lang, r).replace(/^\/\* (.*) \*\/$/, '// $1')}${eolOf(t)}${l}` : l)),
    'comment-line-ends': (t, r) => mapLines(t, (l) => (r() < 0.2 && l.trim() !== '' && !/<<<|^\s*[A-Z_]+;?$/.test(l) ? `${l} ${comment(lang, r)}` : l)),
    'blank-lines': (t, r) => mapLines(t, (l, i) => (i > 0 && r() < 0.15 ? `${eolOf(t)}${l}` : l)),
    'odd-spacing': (t) => t.replace(/, /g, ' ,  ').replace(/\(/g, '( '),
    'no-final-newline': (t) => t.replace(/(?:\r?\n)+$/, ''),
    'extra-final-newlines': (t) => `${t}${eolOf(t).repeat(3)}`,
  };
}

/** Ways to break a file so that no parser accepts it (the toolchain confirms each one). */
function breakers(lang: Lang): Record<string, (t: string, r: Rand) => string> {
  return {
    'drop-last-brace': (t) => {
      const i = t.lastIndexOf('}');
      return i < 0 ? t : t.slice(0, i) + t.slice(i + 1);
    },
    // At the end of the file, outside any comment: PHP may end in HTML, so reopen PHP first.
    'unclosed-call': (t) => `${t}${eolOf(t)}${lang === 'php' ? '<?php ' : ''}broken(1, ${eolOf(t)}`,
  };
}

function variations(lang: Lang, seed: number): Variant[] {
  const r = prng(seed);
  const bases = fixtures(lang);
  const ts = transforms(lang);
  const out: Variant[] = [];
  for (let i = 0; i < VARIATIONS; i++) {
    const base = pick(r, bases);
    let text = base.text;
    const names: string[] = [];
    for (let k = int(r, 1, 4); k > 0; k--) {
      const name = pick(r, Object.keys(ts));
      names.push(name);
      text = ts[name]!(text, r);
    }
    const broken = r() < 0.12;
    if (broken) {
      const bs = breakers(lang);
      const name = pick(r, Object.keys(bs));
      names.push(name);
      text = bs[name]!(text, r);
    }
    out.push({ name: `v${String(i).padStart(3, '0')}`, base: base.file, transforms: names, text, broken });
  }
  // The fixtures themselves, unchanged.
  bases.forEach((b, i) => out.push({ name: `f${String(i).padStart(3, '0')}`, base: b.file, transforms: [], text: b.text, broken: false }));
  return out;
}

interface Produced {
  id: string;
  ext: string;
  text: string;
  /** The variant's source (kind 'source') or a fixed output of it. */
  kind: 'source' | 'output';
  variant: Variant;
  fix?: FixId;
}

interface Outcome {
  produced: Produced[];
  problems: string[];
  applied: number;
  refused: Record<string, number>;
}

/** Applies every fix id to every variant and checks what does not need a compiler. */
async function applyAll(lang: Lang): Promise<Outcome> {
  const vs = variations(lang, SEED + lang.length);
  const produced: Produced[] = [];
  const problems: string[] = [];
  const refused: Record<string, number> = {};
  let applied = 0;
  const seen = new Set<string>();
  for (const v of vs) {
    const ext = extname(v.base);
    const dialect = languageForPath(v.base)!;
    produced.push({ id: `${v.name}.src`, ext, text: v.text, kind: 'source', variant: v });
    const label = `${v.name} (${v.base} + ${v.transforms.join(', ') || 'as is'})`;
    for (const fix of FIX_IDS) {
      const res = await applyFix(v.text, dialect, fix, { serverIdleMs: 3000 });
      if (!res.ok) {
        refused[res.code] = (refused[res.code] ?? 0) + 1;
        if (res.reason.trim().length < 10) problems.push(`${label} ${fix}: refused without a reason`);
        continue;
      }
      if (v.broken) {
        if (res.edits.length > 0) problems.push(`${label} ${fix}: edited a file that does not parse`);
        continue;
      }
      if (res.edits.length === 0) {
        if (res.output !== v.text) problems.push(`${label} ${fix}: no edits but different output`);
        continue;
      }
      applied++;
      if (v.text.startsWith('\ufeff') !== res.output.startsWith('\ufeff')) problems.push(`${label} ${fix}: the byte-order mark changed`);
      const crlfOnly = v.text.includes('\r\n') && !/(^|[^\r])\n/.test(v.text);
      if (crlfOnly && /(^|[^\r])\n/.test(res.output)) problems.push(`${label} ${fix}: a bare LF in a CRLF file`);
      const again = await applyFix(res.output, dialect, fix, { serverIdleMs: 3000 });
      if (!again.ok || again.edits.length > 0 || again.output !== res.output) {
        problems.push(`${label} ${fix}: a second application changed something (${again.ok ? `${again.edits.length} edits` : again.reason})`);
      }
      if (!seen.has(res.output)) {
        seen.add(res.output);
        produced.push({ id: `${v.name}.${fix}`, ext, text: res.output, kind: 'output', variant: v, fix });
      }
    }
  }
  return { produced, problems, applied, refused };
}

/** Compile failures by produced id. */
type Failures = Map<string, string>;

async function goVet(items: Produced[]): Promise<Failures> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-hardening-go-'));
  scratch.push(dir);
  writeFileSync(join(dir, 'go.mod'), 'module hardening\n\ngo 1.19\n');
  const byDir = new Map<string, string>();
  items.forEach((p, i) => {
    const d = `p${String(i).padStart(4, '0')}`;
    mkdirSync(join(dir, d));
    writeFileSync(join(dir, d, 'main.go'), p.text);
    byDir.set(d, p.id);
  });
  const failures: Failures = new Map();
  const collect = (out: string): number => {
    let n = 0;
    for (const m of out.matchAll(/\b(p\d{4})[/\\]main\.go:[^\n]*/g)) {
      const id = byDir.get(m[1]!);
      if (id && !failures.has(id)) {
        failures.set(id, m[0]);
        n++;
      }
    }
    return n;
  };
  // Syntax first, all files in one gofmt: a package that does not parse would stop `go vet ./...`
  // before it checks the others.
  try {
    await run('gofmt', ['-e', '-l', '.'], { cwd: dir, timeout: 60_000, maxBuffer: 64 << 20 });
  } catch (err) {
    if (collect((err as { stderr?: string }).stderr ?? '') === 0) throw err;
  }
  for (const [d, id] of byDir) if (failures.has(id)) rmSync(join(dir, d), { recursive: true });
  try {
    await run('go', ['vet', './...'], { cwd: dir, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' }, timeout: 180_000, maxBuffer: 64 << 20 });
  } catch (err) {
    if (collect(`${(err as { stderr?: string }).stderr ?? ''}${(err as { stdout?: string }).stdout ?? ''}`) === 0) throw err;
  }
  return failures;
}

async function phpLint(items: Produced[]): Promise<Failures> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-hardening-php-'));
  scratch.push(dir);
  const failures: Failures = new Map();
  const queue = items.map((p, i) => ({ p, file: join(dir, `f${i}${p.ext}`) }));
  for (const q of queue) writeFileSync(q.file, q.p.text);
  await Promise.all(Array.from({ length: 3 }, async () => {
    for (let q = queue.shift(); q; q = queue.shift()) {
      try {
        await run('php', ['-n', '-l', q.file], { timeout: 30_000 });
      } catch (err) {
        failures.set(q.p.id, ((err as { stdout?: string }).stdout ?? String(err)).trim().split('\n')[0] ?? '');
      }
    }
  }));
  return failures;
}

async function tscCheck(items: Produced[]): Promise<Failures> {
  // Inside the repository, so that typescript, @types/node and undici resolve from node_modules.
  const dir = join(ROOT, 'out', `hardening-tsc-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  scratch.push(dir);
  const byFile = new Map<string, string>();
  const files: string[] = [];
  items.forEach((p, i) => {
    mkdirSync(join(dir, String(i)), { recursive: true });
    const f = `${i}/main${p.ext}`;
    writeFileSync(join(dir, f), p.text);
    byFile.set(f, p.id);
    files.push(f);
  });
  const failures: Failures = new Map();
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  // Strict TypeScript; JavaScript checked too, without the untyped-parameter rule plain JS cannot meet.
  // tsc skips type checking of the whole program when any file has a syntax error, so files with
  // syntax errors are taken out and the rest checked again.
  for (const [name, all, noImplicitAny] of [['ts', files.filter((f) => /\.[cm]?tsx?$/.test(f)), true], ['js', files.filter((f) => /\.[cm]?jsx?$/.test(f)), false]] as const) {
    let list = [...all];
    for (let pass = 0; pass < 3 && list.length > 0; pass++) {
      writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noImplicitAny, noEmit: true, allowJs: true, checkJs: true,
          jsx: 'preserve', types: ['node'], moduleDetection: 'force', skipLibCheck: true, esModuleInterop: true,
          paths: { axios: [join(FIXTURES, 'node/types/axios/index.d.ts')] },
        },
        files: list,
      }));
      try {
        await run(process.execPath, [tsc, '--noEmit', '-p', join(dir, `tsconfig.${name}.json`)], { cwd: dir, timeout: 180_000, maxBuffer: 64 << 20 });
        break;
      } catch (err) {
        const out = (err as { stdout?: string }).stdout ?? '';
        const syntax = new Set<string>();
        let found = 0;
        for (const m of out.matchAll(/^(\d+\/main\.[a-z]+)\(\d+,\d+\): error TS(\d+)[^\n]*/gm)) {
          found++;
          const id = byFile.get(m[1]!);
          if (id && !failures.has(id)) failures.set(id, m[0]);
          if (m[2]!.startsWith('1')) syntax.add(m[1]!);
        }
        if (found === 0) throw err;
        if (syntax.size === 0) break;
        list = list.filter((f) => !syntax.has(f));
      }
    }
  }
  return failures;
}

/** A file each toolchain must reject (a type error where the toolchain checks types): proves the
 * batch really compiled and that its failures are read back per file. */
const CONTROLS: Record<Lang, [string, string]> = {
  go: ['.go', 'package main\n\nfunc main() {\n\tvar n int = "not a number"\n\t_ = n\n}\n'],
  php: ['.php', '<?php\nfunction (\n'],
  node: ['.ts', 'const n: number = "not a number";\nexport { n };\n'],
};

const COMPILERS: Record<Lang, [string, (items: Produced[]) => Promise<Failures>]> = {
  go: ['go vet', goVet],
  php: ['php -l', phpLint],
  node: ['tsc --noEmit', tscCheck],
};

describe(`fixes never corrupt a file (${VARIATIONS} variations per language, seed ${SEED})`, () => {
  for (const lang of ['go', 'php', 'node'] as const) {
    it(`${lang}: every fix refuses with a reason or yields a file ${COMPILERS[lang][0]} accepts; twice is a no-op`, { timeout: 200_000 }, async () => {
      const o = await applyAll(lang);
      const [ext, text] = CONTROLS[lang];
      const control: Produced = { id: 'control', ext, text, kind: 'source', variant: { name: 'control', base: `control${ext}`, transforms: [], text, broken: true } };
      const failures = await COMPILERS[lang][1]([...o.produced, control]);
      assert.ok(failures.has('control'), `${COMPILERS[lang][0]} accepted the control file: the batch did not check what it was given`);
      const invalidSources = new Set<Variant>();
      for (const p of o.produced) if (p.kind === 'source' && failures.has(p.id)) invalidSources.add(p.variant);
      const corrupted: string[] = [];
      for (const p of o.produced) {
        if (p.kind !== 'output' || !failures.has(p.id) || invalidSources.has(p.variant)) continue;
        corrupted.push(`${p.id} (${p.variant.base} + ${p.variant.transforms.join(', ')}): ${failures.get(p.id)}`);
      }
      const brokenAccepted = [...new Set(o.produced.filter((p) => p.kind === 'source' && p.variant.broken && !failures.has(p.id)).map((p) => p.variant.name))];
      const sources = o.produced.filter((p) => p.kind === 'source').length;
      const outputs = o.produced.length - sources;
      console.log(`${lang}: ${sources} sources (${[...invalidSources].filter((v) => !v.broken).length} variations the toolchain rejects before any fix, ${o.produced.filter((p) => p.kind === 'source' && p.variant.broken).length} deliberately broken), ${o.applied} fixes applied, ${outputs} distinct outputs compiled, refusals ${JSON.stringify(o.refused)}, ${corrupted.length} corrupted`);
      for (const v of invalidSources) if (!v.broken) console.log(`  source rejected by ${COMPILERS[lang][0]} before fixing: ${v.name} (${v.base} + ${v.transforms.join(', ')}): ${failures.get(`${v.name}.src`)}`);
      assert.deepEqual(o.problems, []);
      assert.deepEqual(corrupted, []);
      // The breakers must really break, or the refusal checks above prove nothing.
      assert.deepEqual(brokenAccepted, [], 'deliberately broken sources that the toolchain accepts');
      assert.ok(o.applied > VARIATIONS, `only ${o.applied} fixes applied`);
    });
  }
});

/** CPU time of `fn`, ms. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

describe('fixes on hostile sources: no exception, a refusal or an edit, bounded work', () => {
  const bases: [Lang, string, string][] = [
    ['go', 'default_post.go', 'var deep = '],
    ['php', 'tabs.php', '$deep = '],
    ['node', 'undici_agent.ts', 'const deep = '],
  ];
  for (const [lang, file, decl] of bases) {
    it(`${lang}: NUL bytes, lone surrogates, 5 MB of comments, nesting 20,000 deep`, { timeout: 120_000 }, async () => {
      const src = readFileSync(join(FIXTURES, lang, file), 'utf8');
      const dialect = languageForPath(file)!;
      const eol = eolOf(src);
      const nested = (n: number): string => `${src}${eol}${decl}${'('.repeat(n)}1${')'.repeat(n)};${eol}`;
      const cases: [string, string][] = [
        ['NUL', src.replace(eol, `${eol}\0${eol}`)],
        ['lone surrogate in a comment', src.replace(eol, `${eol}// \ud800 \udfff${eol}`)],
        ['5 MB of comments', `${src}${`${eol}// ${'x'.repeat(100)}`.repeat(50_000)}${eol}`],
        ['nesting 5,000', nested(5_000)],
        ['nesting 20,000', nested(20_000)],
      ];
      const times: Record<string, number> = {};
      for (const [name, text] of cases) {
        let res: Awaited<ReturnType<typeof applyFix>> | undefined;
        times[name] = await cpuMs(async () => {
          res = await applyFix(text, dialect, 'keepalive-idle', { serverIdleMs: 3000 });
        });
        assert.ok(res, name);
        if (!res.ok) assert.ok(res.reason.length > 10, `${name}: a refusal without a reason`);
        if (name === 'NUL') assert.equal(res.ok, false, 'a file with a NUL byte in code does not parse');
        if (res.ok && res.edits.length > 0) {
          const again = await applyFix(res.output, dialect, 'keepalive-idle', { serverIdleMs: 3000 });
          assert.ok(again.ok && again.edits.length === 0, `${name}: a second application changed something`);
        }
      }
      console.log(`${lang}: ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)} ms CPU`).join(', ')}`);
      // Four times the nesting: linear work is x4; the margin absorbs the parse of the fixture itself.
      const ratio = times['nesting 20,000']! / Math.max(times['nesting 5,000']!, 1);
      assert.ok(ratio < 16, `nesting x4 cost x${ratio.toFixed(1)}`);
    });
  }
});
