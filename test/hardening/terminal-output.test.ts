// The CLI's human output quotes logs and servers; printed to a terminal, a control character from
// them would act (clear the screen, set the title, write the clipboard, hide text behind a CR,
// reorder text with bidi overrides). None may reach the terminal raw; JSON output stays data.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostileCorpus } from './hostile';
import { startHostile, type HostileServer } from './servers';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
/** What a terminal would act on: C0 but tab and newline, DEL, C1, bidi overrides and isolates. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function cli(args: string[], input: string): Promise<string> {
  return new Promise((res, rej) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: 60_000, maxBuffer: 64 << 20, env: { ...process.env, HTTP_PROXY: '', http_proxy: '', NO_PROXY: '*' } }, (err, stdout, stderr) => {
      if (err && typeof err.code === 'number' && err.code > 1) rej(new Error(`${args.join(' ')}: exit ${err.code}: ${stderr}`));
      else res(stdout + stderr);
    });
    child.stdin?.end(input);
  });
}

function controls(out: string): string[] {
  return out.split('\n').filter((l) => CONTROL.test(l)).slice(0, 5).map((l) => JSON.stringify(l.slice(0, 160)));
}

describe('CLI human output never hands a control character to the terminal', { skip: existsSync(CLI) ? false : 'run npm run build first' }, () => {
  let dir: string;
  let log: string;
  let text: string;
  let server: HostileServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-term-'));
    log = join(dir, 'hostile.log');
    // NUL bytes would make the file binary to scan; everything else stays.
    text = hostileCorpus(31, 3000, 0).lines.join('\n').replace(/\0/g, '');
    writeFileSync(log, text);
    server = await startHostile('redirect-off-host', { location: 'http://127.0.0.1:1/\u009b2J\u202ex' });
  });
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the input really carries control characters', () => {
    assert.ok(CONTROL.test(text));
  });

  for (const [name, args] of [['scan', ['scan']], ['explain', ['explain']]] as const) {
    it(name, async () => {
      const out = await cli(name === 'scan' ? [...args, log] : [...args], name === 'scan' ? '' : text);
      assert.ok(out.split('\n').length > 50, 'the command printed findings');
      assert.deepEqual(controls(out), []);
      // Shown, not dropped: the reader can still see that the log had an escape there.
      assert.match(out, /\\u001b/);
    });
  }

  it('probe (human) of a server whose Location carries C1 and bidi characters', async () => {
    const out = await cli(['probe', server.url, '--timeout', '2000'], '');
    assert.match(out, /301|redirect/i);
    assert.deepEqual(controls(out), []);
  });

  it('JSON output stays parseable data', async () => {
    const out = await cli(['scan', '--json', log], '');
    const parsed = JSON.parse(out) as { findings: unknown[] };
    assert.ok(parsed.findings.length > 50);
  });
});
