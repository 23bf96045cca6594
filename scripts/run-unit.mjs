#!/usr/bin/env node
// Runs the compiled node:test suites (out/unit/**/*.test.js, built by esbuild.mjs) in plain Node.
// Arguments filter test files by substring: `npm run test:unit -- detector`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1] : 'out/unit';
const filters = process.argv.slice(2).filter((a, i, all) => a !== '--dir' && all[i - 1] !== '--dir');
function walk(d) {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const files = walk(dir).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (files.length === 0) {
  console.error(`no test files under ${dir} (run \`npm run build\` first)`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
