// Bundles the extension, the CLI, the lazily loaded heavy parts, the webview script, and the
// test/bench programs. `--watch` rebuilds on change; `--production` minifies the shipped bundles.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const analyze = process.argv.includes('--analyze');

/** All files under `dir` whose name ends with one of `suffixes`. */
function filesUnder(dir, suffixes) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') out.push(...filesUnder(p, suffixes));
    } else if (suffixes.some((s) => name.endsWith(s))) out.push(p);
  }
  return out;
}

const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: true, logLevel: 'warning' };

const KNOWLEDGE_ENTRY = resolve('src/core/causes/index.ts');

/**
 * The cause knowledge base is mostly prose (tens of KB) and is needed only when something is
 * explained, not at activation. In the extension bundle every import of it is replaced by a module
 * of forwarding functions that require dist/knowledge.js on first call. Only functions can be
 * forwarded lazily: importing anything else from the knowledge base in src/vscode fails the build.
 */
const lazyKnowledge = {
  name: 'lazy-knowledge',
  setup(build) {
    build.onResolve({ filter: /causes(\/index)?$/ }, (args) => {
      if (args.kind !== 'import-statement' || args.importer.startsWith(resolve('src/core/causes'))) return undefined;
      const target = resolve(dirname(args.importer), args.path.endsWith('index') ? args.path : `${args.path}/index`) + '.ts';
      return target === KNOWLEDGE_ENTRY ? { path: KNOWLEDGE_ENTRY, namespace: 'lazy-knowledge' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-knowledge' }, async () => {
      const probe = await esbuild.build({ entryPoints: [KNOWLEDGE_ENTRY], bundle: true, write: false, format: 'esm', platform: 'node', metafile: true, logLevel: 'silent' });
      const names = Object.values(probe.metafile.outputs)[0]?.exports ?? [];
      const mod = await import('data:text/javascript;base64,' + Buffer.from(probe.outputFiles[0].text).toString('base64'));
      const lines = [`let m; const load = () => (m ??= require(require('node:path').join(__dirname, 'knowledge.js')));`];
      for (const n of names) {
        if (typeof mod[n] === 'function') lines.push(`export function ${n}(...a) { return load().${n}(...a); }`);
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: resolve('src/core/causes') };
    });
  },
};

/** The shipped bundles. The extension bundle stays small: undici and tree-sitter live in the
 * lazily required probe/fixes bundles so that activation never parses them. */
const shipped = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'], minify: production, plugins: [lazyKnowledge] },
  { ...node, entryPoints: { knowledge: 'src/core/causes/index.ts' }, outdir: 'dist', minify: production },
  { ...node, entryPoints: { 'probe-engine': 'src/core/probe/index.ts' }, outdir: 'dist', minify: production },
  { ...node, entryPoints: { 'fix-engine': 'src/core/fixes/index.ts' }, outdir: 'dist', minify: production },
  { ...node, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', minify: production },
  { platform: 'browser', target: 'es2022', format: 'iife', bundle: true, sourcemap: true, logLevel: 'warning',
    entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'dist', minify: production },
];

/** Test and benchmark programs: dependencies stay external and resolve from node_modules. */
const programs = [
  { ...node, entryPoints: filesUnder('test/unit', ['.ts']), outdir: 'out/unit', outbase: 'test/unit', packages: 'external' },
  { ...node, entryPoints: filesUnder('test/integration', ['.ts']), outdir: 'out/integration', outbase: 'test/integration', packages: 'external', external: ['vscode'] },
  { ...node, entryPoints: filesUnder('test/e2e', ['.ts']), outdir: 'out/e2e', outbase: 'test/e2e', packages: 'external' },
  { ...node, entryPoints: filesUnder('test/hardening', ['.ts']), outdir: 'out/hardening', outbase: 'test/hardening', packages: 'external' },
  { ...node, entryPoints: filesUnder('bench', ['.ts']), outdir: 'out/bench', outbase: 'bench', packages: 'external' },
].filter((o) => o.entryPoints.length > 0);

/** tree-sitter's runtime and the grammars the fix engine uses, next to the bundles that load them. */
function copyWasm() {
  const src = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  mkdirSync('dist/wasm', { recursive: true });
  for (const f of ['tree-sitter.wasm', 'tree-sitter-go.wasm', 'tree-sitter-php.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm']) {
    if (existsSync(join(src, f))) cpSync(join(src, f), join('dist/wasm', f));
  }
}

const all = [...shipped, ...programs];
if (watch) {
  for (const o of all) await (await esbuild.context(o)).watch();
  console.log('watching', all.length, 'builds');
} else {
  const t0 = Date.now();
  const results = await Promise.all(all.map((o) => esbuild.build({ ...o, metafile: analyze && o === shipped[0] })));
  if (analyze) {
    // `--analyze`: what the activation bundle is made of, largest first.
    const inputs = Object.values(results[0].metafile.outputs).find((x) => x.entryPoint)?.inputs ?? {};
    const byDir = {};
    for (const [f, v] of Object.entries(inputs)) byDir[f.split('/').slice(0, 3).join('/')] = (byDir[f.split('/').slice(0, 3).join('/')] ?? 0) + v.bytesInOutput;
    for (const [d, b] of Object.entries(byDir).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(b / 1024).toFixed(1).padStart(7)} KB  ${d}`);
  }
  copyWasm();
  console.log(`built ${all.length} bundles in ${Date.now() - t0} ms (${relative('.', 'dist')}/, out/)`);
}
