#!/usr/bin/env node
// `npm run bench`: prints the activation bundle size, then runs every compiled benchmark program
// (out/bench/*.bench.js) in its own process, so one benchmark's heap never skews another's RSS.
// Benchmarks print figures and ratios against a baseline measured in the same run; none asserts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

// Figures are of what ships: the minified production bundles (the benchmark programs too).
const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const ext = 'dist/extension.js';
if (existsSync(ext)) {
  const size = statSync(ext).size;
  console.log(`activation bundle: ${ext} ${kb(size)} (gzip ${kb(gzipSync(readFileSync(ext)).length)}; target <= 150 KB, ratio ${(size / (150 * 1024)).toFixed(2)})`);
  for (const lazy of ['dist/knowledge.js', 'dist/probe-engine.js', 'dist/fix-engine.js', 'dist/cli.js', 'dist/webview.js']) {
    if (existsSync(lazy)) console.log(`  loaded on demand: ${lazy} ${kb(statSync(lazy).size)}`);
  }
}
const filters = process.argv.slice(2);
const dir = 'out/bench';
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort() : [];
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f.replace(/\.bench\.js$/, '')}`);
  const r = spawnSync(process.execPath, ['--expose-gc', `${dir}/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (files.length === 0) console.log('no benchmark programs yet (bench/*.bench.ts)');
process.exit(failed ? 1 : 0);
