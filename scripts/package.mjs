#!/usr/bin/env node
// `npm run package`: production build, then a .vsix made by @vscode/vsce. vsce needs Node >= 22, so
// it runs on the Node 24 the project installs from the npm registry (scripts/ensure-node24.sh) and is
// itself installed into .vscode-test/vsce on first use. Prints the VSIX size, the activation bundle
// size and the file list (which must match the .vscodeignore allowlist).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSCE_VERSION = process.env.VSCE_VERSION || '3.9.2';
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) console.error(`package: ${cmd}: ${r.error.message}`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['esbuild.mjs', '--production']);
const n24bin = execFileSync('bash', [path.join(ROOT, 'scripts/ensure-node24.sh')], { encoding: 'utf8' }).trim();
const node24 = path.join(n24bin, 'node');
const vsceDir = path.join(ROOT, '.vscode-test', 'vsce');
const vsce = path.join(vsceDir, 'node_modules', '@vscode', 'vsce', 'vsce');
if (!existsSync(vsce) || JSON.parse(readFileSync(path.join(vsceDir, 'node_modules/@vscode/vsce/package.json'), 'utf8')).version !== VSCE_VERSION) {
  mkdirSync(vsceDir, { recursive: true });
  writeFileSync(path.join(vsceDir, 'package.json'), '{"private":true}\n');
  const env = { ...process.env, PATH: `${n24bin}:${process.env.PATH}` };
  delete env.npm_config_user_agent;
  // npm is the machine's; PATH puts Node 24 first so it runs on it.
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `@vscode/vsce@${VSCE_VERSION}`], { cwd: vsceDir, env });
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const out = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
// Bundles are self-contained: no node_modules in the package.
// The README's screenshot is a relative link that only a repository viewer resolves; the package keeps it relative.
run(node24, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out]);
// The package must hold exactly what the .vscodeignore allowlist lets in.
const listed = execFileSync(node24, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
const allowed = [/^package\.json$/, /^package\.nls(\.[a-z-]+)?\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/, /^dist\/[\w-]+\.js$/,
  /^dist\/wasm\/tree-sitter(-(go|php|javascript|typescript|tsx))?\.wasm$/, /^media\/[\w-]+\.(css|png)$/, /^media\/walkthrough\/[\w-]+\.md$/, /^l10n\/bundle\.l10n\.[a-z-]+\.json$/];
const stray = listed.filter((f) => !allowed.some((re) => re.test(f)));
console.log(`\nvsce ls: ${listed.length} files`);
for (const f of listed) console.log(`  ${f}`);
if (stray.length) {
  console.error(`package: files outside the allowlist: ${stray.join(', ')}`);
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\nVSIX: ${path.relative(ROOT, out)} ${kb(statSync(out).size)}`);
console.log(`activation bundle (dist/extension.js, minified): ${kb(statSync(path.join(ROOT, 'dist/extension.js')).size)} (target <= 150 KB)`);
