// Privacy: secrets planted in logs and URLs (userinfo, Authorization / Cookie / X-API-Key headers,
// token= parameters) must appear in no output: CLI scan/explain/probe (JSON and human), the
// panel's Markdown report, hover Markdown (its command arguments included). And nothing reaches
// for the network while scanning, hovering or listing fixes: a socket spy watches a child process.
import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getCause, rankCauses, retrySafety } from '../../src/core/causes';
import { detect } from '../../src/core/detect';
import { buildHover, findingAtLine } from '../../src/core/editor/hover-content';
import { buildDetail, endpointLabel, reportMarkdown } from '../../src/core/panel-model';
import { probe } from '../../src/core/probe';
import { startLab, type LabServer } from '../fixtures/servers';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const SPY = join(__dirname, 'socket-spy.js');
const CHILD = join(__dirname, 'offline-work.js');

/** Each secret is unique, so a leak names the path it took. */
const SECRETS = {
  userinfo: 'pw-USERINFO-7f3a9c',
  userinfoUser: 'alice-USER-5d21',
  bearer: 'BEARER-9e8d7c6b5a4f3e2d',
  basic: 'YmFzaWMtU0VDUkVULTQ0',
  cookie: 'COOKIE-c0ffee1234',
  apiKey: 'APIKEY-0badf00d99',
  token: 'TOKEN-q1w2e3r4t5',
  accessToken: 'ACCESS-z9x8c7v6',
  probePass: 'PROBEPASS-31337',
  probeToken: 'PROBETOKEN-8a8a8a',
} as const;

/** Log lines in real formats, each carrying one or more secrets. */
const LOG = [
  `Post "https://${SECRETS.userinfoUser}:${SECRETS.userinfo}@api.example.com/v1/orders": read tcp 10.0.0.1:5000->10.0.0.2:443: read: connection reset by peer`,
  `Get "https://api.example.com/x?token=${SECRETS.token}&page=2": EOF`,
  '> GET /v1/items HTTP/1.1',
  `> Authorization: Bearer ${SECRETS.bearer}`,
  `> Cookie: session=${SECRETS.cookie}`,
  'curl: (56) Recv failure: Connection reset by peer',
  `Error: read ECONNRESET while calling https://api.example.com/v2?access_token=${SECRETS.accessToken}`,
  `    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20) { headers: { 'x-api-key': '${SECRETS.apiKey}' } }`,
  `2026/11/21 05:00:00 [error] 12#12: *3 recv() failed (104: Connection reset by peer) while reading response header from upstream, request: "GET /a?api_key=${SECRETS.apiKey} HTTP/1.1", upstream: "http://u:${SECRETS.userinfo}@127.0.0.1:8080/a"`,
  `requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) Authorization: Basic ${SECRETS.basic}`,
  `X-API-Key: ${SECRETS.apiKey} java.net.SocketException: Connection reset`,
];

function leaks(output: string): string[] {
  const texts = [output];
  try {
    texts.push(decodeURIComponent(output.replace(/%(?![0-9a-f]{2})/gi, '%25')));
  } catch {
    // Not URI-encoded text.
  }
  return Object.entries(SECRETS).filter(([, v]) => texts.some((t) => t.includes(v))).map(([k]) => k);
}

describe('privacy: planted secrets appear in no output', () => {
  let dir: string;
  let logFile: string;
  let lab: LabServer;
  let probeUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-privacy-'));
    logFile = join(dir, 'app.log');
    writeFileSync(logFile, `${LOG.join('\n')}\n`);
    lab = await startLab('healthy');
    probeUrl = `http://probe-user:${SECRETS.probePass}@127.0.0.1:${lab.port}/health?token=${SECRETS.probeToken}&v=1`;
  });
  after(async () => {
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the detector finds the planted errors (or the checks below prove nothing)', () => {
    const found = detect(LOG.join('\n'));
    assert.ok(found.length >= 6, `only ${found.length} findings`);
    assert.deepEqual(leaks(JSON.stringify(found)), []);
  });

  const cli = async (args: string[], stdin?: string): Promise<string> => {
    const env = { ...process.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', ALL_PROXY: '', NO_PROXY: '*' };
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code !== null && code <= 1 ? resolvePromise(out) : reject(new Error(`exit ${code}: ${out}`))));
      child.stdin.end(stdin ?? '');
    });
  };

  for (const [name, args, useStdin] of [
    ['scan --json', ['scan', '--json'], false],
    ['scan', ['scan'], false],
    ['explain --json', ['explain', '--json'], true],
    ['explain', ['explain'], true],
  ] as const) {
    it(`connection-doctor ${name}`, { skip: existsSync(CLI) ? false : 'run npm run build first' }, async () => {
      const out = await cli(useStdin ? [...args] : [...args, logFile], useStdin ? readFileSync(logFile, 'utf8') : undefined);
      assert.ok(out.length > 100, `little output: ${out}`);
      assert.deepEqual(leaks(out), [], out);
    });
  }

  for (const json of [true, false]) {
    it(`connection-doctor probe ${json ? '--json ' : ''}URL-with-userinfo-and-token (lab server)`, { skip: existsSync(CLI) ? false : 'run npm run build first' }, async () => {
      const out = await cli(['probe', probeUrl, '--timeout', '3000', ...(json ? ['--json'] : [])]);
      assert.match(out, /127\.0\.0\.1/);
      assert.deepEqual(leaks(out), [], out);
      if (json) {
        const report = JSON.parse(out) as { http: { status: number } | null };
        assert.equal(report.http?.status, 200, 'the probe reached the lab server');
      }
    });
  }

  it('probe() report and progress messages', async () => {
    const progress: string[] = [];
    const r = await probe(probeUrl, { timeoutMs: 3000, env: {} }, undefined, (p) => progress.push(`${p.phase}: ${p.message}`));
    assert.equal(r.http?.status, 200);
    assert.ok(progress.length > 0);
    assert.deepEqual(leaks(JSON.stringify(r)), []);
    assert.deepEqual(leaks(progress.join('\n')), []);
  });

  it('probe() of malformed URLs that carry userinfo: the quoted input is redacted too', async () => {
    // Each is rejected before any lookup or connection (BAD_URL), so nothing leaves the machine.
    for (const bad of [
      `alice:${SECRETS.probePass}@127.0.0.1:1/`,
      `http//alice:${SECRETS.probePass}@127.0.0.1/`,
      `http://alice:${SECRETS.probePass}@127.0.0.1:99999/`,
      `http://alice:${SECRETS.probePass}@/x`,
      `ftp://alice:${SECRETS.probePass}@127.0.0.1/`,
    ]) {
      const r = await probe(bad, { timeoutMs: 500, env: {} });
      assert.equal(r.error?.code, 'BAD_URL', bad);
      assert.deepEqual(leaks(JSON.stringify(r)), [], JSON.stringify(r));
    }
  });

  it('hover Markdown, command arguments included', () => {
    const reader = { lineCount: LOG.length, lineAt: (i: number) => LOG[i] ?? '' };
    let n = 0;
    for (let line = 0; line < LOG.length; line++) {
      const f = findingAtLine(reader, line);
      if (!f) continue;
      n++;
      const h = buildHover(f, { explain: 'cd.explain', probe: 'cd.probe', insertFix: 'cd.fix' }, { finding: f, source: { kind: 'logFile', label: 'app.log' } });
      assert.deepEqual(leaks(h.markdown), [], `line ${line + 1}`);
    }
    assert.ok(n >= 6);
  });

  it("the panel's Markdown report, with a probe of the secret URL", async () => {
    const report = await probe(probeUrl, { timeoutMs: 3000, env: {} });
    for (const [i, line] of LOG.entries()) {
      const f = detect(line)[0];
      if (!f) continue;
      // The occurrence text as raw as it can be: the report must redact on its own too.
      const occ = { id: `o${i}`, seenAt: new Date(0).toISOString(), source: `app.log?token=${SECRETS.token}`, errorClass: f.class, runtime: f.runtime, text: line, endpoint: endpointLabel(f), count: 1 };
      const detail = buildDetail({ occurrenceId: occ.id, finding: f, causes: rankCauses([f]), retry: retrySafety(f.method), probe: { report, finishedAt: new Date(0) }, getCause, canFix: false });
      const md = reportMarkdown(occ, detail);
      assert.deepEqual(leaks(md), [], md);
    }
  });
});

describe('no network use that the user did not ask for', () => {
  const spied = async (args: string[], input?: string): Promise<{ attempts: string[]; stdout: string }> => {
    const out = join(mkdtempSync(join(tmpdir(), 'cd-spy-')), 'attempts.json');
    const { stdout } = await new Promise<{ stdout: string }>((resolvePromise, reject) => {
      const child = execFile(process.execPath, ['--require', SPY, ...args], { env: { ...process.env, SOCKET_SPY_OUT: out }, timeout: 120_000, maxBuffer: 64 << 20 }, (err, so) => {
        if (err && err.code !== 1) reject(new Error(`${args.join(' ')}: ${err.message}`));
        else resolvePromise({ stdout: so });
      });
      child.stdin?.end(input ?? '');
    });
    const attempts = JSON.parse(readFileSync(out, 'utf8')) as string[];
    rmSync(join(out, '..'), { recursive: true, force: true });
    return { attempts, stdout };
  };

  it('control: the spy sees a real connection', async () => {
    const { attempts } = await spied([CHILD, '--control']);
    assert.ok(attempts.some((a) => a.startsWith('tcp connect')), JSON.stringify(attempts));
  });

  it('scanning, hovering, ranking, panel state and reports, listing and applying fixes: no socket, no DNS', async () => {
    const { attempts, stdout } = await spied([CHILD]);
    const done = JSON.parse(stdout) as { findings: number; fixed: number };
    assert.ok(done.findings > 100 && done.fixed > 20, stdout);
    assert.deepEqual(attempts, []);
  });

  it('the CLI scan, explain and fix --list: no socket, no DNS', { skip: existsSync(CLI) ? false : 'run npm run build first' }, async () => {
    const log = LOG.join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'cd-spy-cli-'));
    try {
      writeFileSync(join(dir, 'app.log'), log);
      const fixture = join(ROOT, 'test/fixtures/fixes/go/default_post.go');
      for (const args of [['scan', join(dir, 'app.log')], ['explain'], ['fix', fixture, '--list'], ['fix', fixture, '--fix', 'keepalive-idle']]) {
        const { attempts } = await spied([CLI, ...args], log);
        assert.deepEqual(attempts, [], args.join(' '));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
