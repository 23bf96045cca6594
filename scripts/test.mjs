#!/usr/bin/env node
// `npm test`: build, type-check, lint, unit tests (plain Node), hardening, then the integration
// suites inside a real VS Code. Every step runs even after a failure; the exit code is non-zero if
// any step failed, and a summary lists each step.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function vsixName() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  return `${pkg.name}-${pkg.version}.vsix`;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  ['build', [npm, 'run', 'build']],
  ['typecheck', [npm, 'run', 'typecheck']],
  ['lint', [npm, 'run', 'lint']],
  ['unit', [process.execPath, 'scripts/run-unit.mjs']],
  ...(existsSync('test/hardening') ? [['hardening', [process.execPath, 'scripts/run-unit.mjs', '--dir', 'out/hardening']]] : []),
  ...(existsSync('test/e2e') ? [['e2e', [process.execPath, 'scripts/run-unit.mjs', '--dir', 'out/e2e']]] : []),
  ['integration', [process.execPath, 'test/run-integration.mjs']],
  // Last: packaging rebuilds dist/ minified, then the smoke suite runs against the installed VSIX.
  ['package', [process.execPath, 'scripts/package.mjs']],
  ['vsix-smoke', [process.execPath, 'test/run-integration.mjs', '--vsix', vsixName()]],
];
const results = [];
for (const [name, [cmd, ...args]] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, s: ((Date.now() - t0) / 1000).toFixed(1) });
  // A failed build leaves nothing to test.
  if (name === 'build' && r.status !== 0) break;
}
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.s} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
