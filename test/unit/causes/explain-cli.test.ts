import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { detect } from '../../../src/core/detect';
import { CAUSE_IDS } from '../../../src/core/types';
import { probeReport } from './helpers';

function io(stdin: string | Buffer = ''): CliIo & { out: string; err: string } {
  const sink = {
    out: '',
    err: '',
    stdout: (s: string) => { sink.out += s; },
    stderr: (s: string) => { sink.err += s; },
    stdin: () => Readable.from([stdin]),
  };
  return sink;
}

/** The detector is built in parallel; tests that need it report themselves skipped until it lands. */
function detectorMissing(): string | false {
  try {
    detect('x');
    return false;
  } catch (err) {
    return `detector not available: ${err instanceof Error ? err.message : String(err)}`;
  }
}

// Output of the Go client from FIELD-NOTES: POSTs every 300 ms against a server with a 300 ms IdleTimeout.
const GO_LOG = [
  '2026/11/21 05:10:20 iteration #15 ok',
  '2026/11/21 05:10:20 error sending: Post "http://127.0.0.1:9000/test": http: server closed idle connection',
  '2026/11/21 05:10:21 iteration #16 ok',
  '2026/11/21 05:10:21 error sending: Post "http://127.0.0.1:9000/test": read tcp 127.0.0.1:43258->127.0.0.1:9000: read: connection reset by peer',
  '',
].join('\n');

describe('connection-doctor explain', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-explain-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 on an unknown option', async () => {
    const s = io();
    assert.equal(await main(['explain', '--frobnicate'], s), 2);
    assert.match(s.err, /unknown option '--frobnicate'/);
  });

  it('exits 2 when given a file instead of stdin', async () => {
    const s = io();
    assert.equal(await main(['explain', 'app.log'], s), 2);
    assert.match(s.err, /stdin/);
  });

  it('exits 2 with a clear message for a missing or malformed probe report', async () => {
    const missing = io();
    assert.equal(await main(['explain', '--probe', join(dir, 'nope.json')], missing), 2);
    assert.match(missing.err, /cannot read probe report .*ENOENT/);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const s = io();
    assert.equal(await main(['explain', '--probe', bad], s), 2);
    assert.match(s.err, /not a probe report/);

    const s2 = io();
    assert.equal(await main(['explain', '--probe'], s2), 2);
    assert.match(s2.err, /--probe needs a file/);
  });

  it('--help prints usage and exits 0', async () => {
    const s = io();
    assert.equal(await main(['explain', '--help'], s), 0);
    assert.match(s.out, /usage: connection-doctor explain/);
  });

  it('ranks a saved probe report on its own (empty stdin), with the recommended client idle timeout', async () => {
    const file = join(dir, 'probe.json');
    const report = probeReport({
      url: 'http://127.0.0.1:8080/',
      keepAlive: { idleTimeoutMs: 3000, closeKind: 'fin', lowerBoundMs: 2900, wallMs: 3300 },
      reuse: { attempts: 10, resets: 3, eofs: 1 },
    });
    writeFileSync(file, JSON.stringify(report));
    const json = io('');
    assert.equal(await main(['explain', '--json', '--probe', file], json), 0);
    const parsed = JSON.parse(json.out) as { findings: unknown[]; causes: { id: string }[]; cadence: unknown; retrySafety: { verdict: string } };
    assert.deepEqual(parsed.findings, []);
    assert.equal(parsed.causes[0]?.id, 'keepalive-idle-race');
    assert.equal(parsed.cadence, null);
    assert.equal(parsed.retrySafety.verdict, 'unknown');

    const human = io('');
    assert.equal(await main(['explain', '--probe', file], human), 0);
    assert.match(human.out, /No network errors found in the input/);
    assert.match(human.out, /Keep-alive idle race/);
    assert.match(human.out, /keepalive-idle \(serverIdleMs 3000, clientIdleMs 2000\)/);
    assert.match(human.out, /Confirm: connection-doctor probe http:\/\/127\.0\.0\.1:8080\/ --idle --reuse 10/);
  });

  it('reports no findings for text without network errors', { skip: detectorMissing() }, async () => {
    const s = io('Server started on port 8080\nconst RETRY = [\'ECONNRESET\']\npassword reset email sent\n');
    assert.equal(await main(['explain', '--json'], s), 0);
    const parsed = JSON.parse(s.out) as { findings: unknown[]; causes: unknown[] };
    assert.deepEqual(parsed.findings, []);
    assert.deepEqual(parsed.causes, []);
  });

  it('--json: findings, ranked causes with explanations, and the retry verdict for a Go keep-alive race', { skip: detectorMissing() }, async () => {
    const s = io(GO_LOG);
    assert.equal(await main(['explain', '--json'], s), 0);
    const parsed = JSON.parse(s.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['findings', 'causes', 'cadence', 'retrySafety']);
    const findings = parsed.findings as Record<string, unknown>[];
    assert.ok(findings.length >= 2, JSON.stringify(findings));
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), ['line', 'column', 'class', 'runtime', 'signature', 'errno', 'endpoint', 'method', 'text', 'causes']);
      assert.ok(Array.isArray(f.causes) && (f.causes as string[]).every((id) => (CAUSE_IDS as readonly string[]).includes(id)));
    }
    assert.equal(findings[0]?.line, 2);
    const causes = parsed.causes as Record<string, unknown>[];
    assert.equal(causes[0]?.id, 'keepalive-idle-race');
    assert.deepEqual(Object.keys(causes[0] ?? {}), ['id', 'title', 'confidence', 'evidence', 'summary', 'mechanism', 'nextSteps', 'fixes', 'citations']);
    assert.ok((causes[0]?.evidence as string[]).length > 0);
    const retry = parsed.retrySafety as { verdict: string; reason: string };
    assert.equal(retry.verdict, 'unsafe');
    assert.match(retry.reason, /POST/);
  });

  it('human output lists findings, causes with evidence, and the retry verdict', { skip: detectorMissing() }, async () => {
    const s = io(GO_LOG);
    assert.equal(await main(['explain'], s), 0);
    assert.match(s.out, /^Findings \(\d+\)/);
    assert.match(s.out, /Likely causes/);
    assert.match(s.out, /1\. Keep-alive idle race/);
    assert.match(s.out, /Evidence:\n {7}\+ /);
    assert.match(s.out, /Retry safety: unsafe/);
  });

  it('suggests a probe URL built from host and port when the text has no URL', { skip: detectorMissing() }, async () => {
    const s = io('Error: connect ECONNREFUSED ::1:5432\n');
    assert.equal(await main(['explain'], s), 0);
    assert.match(s.out, /Confirm: connection-doctor probe http:\/\/\[::1\]:5432\//);
    assert.match(s.out, /service-not-listening/);
  });

  it('an idempotency key in the excerpt makes a POST safe to retry', { skip: detectorMissing() }, async () => {
    const s = io(`Idempotency-Key: 6f1c2e\n${GO_LOG}`);
    assert.equal(await main(['explain', '--json'], s), 0);
    assert.equal((JSON.parse(s.out) as { retrySafety: { verdict: string } }).retrySafety.verdict, 'safe');
  });

  /** Node-style log lines: a reset after every `gapMs` of quiet, with a little jitter. */
  function resetLog(gapMs: number, n: number): string {
    const base = Date.parse('2026-11-21T01:00:00Z');
    let out = '';
    for (let i = 0; i < n; i++) {
      const t = new Date(base + i * gapMs + (i % 3) * Math.min(700, gapMs / 20)).toISOString();
      out += `${t} INFO poll ok\n${t} ERROR request failed: Error: read ECONNRESET\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)\n`;
    }
    return out;
  }

  it('a reset every ~350 s in a timestamped log → cadence, then a middlebox idle timeout', { skip: detectorMissing() }, async () => {
    const s = io(resetLog(350_000, 8));
    assert.equal(await main(['explain', '--json'], s), 0);
    const parsed = JSON.parse(s.out) as { findings: unknown[]; causes: { id: string; evidence: string[] }[]; cadence: { periodMs: number } | null };
    assert.equal(parsed.findings.length, 8);
    assert.ok(parsed.cadence && Math.abs(parsed.cadence.periodMs - 350_000) < 5_000, JSON.stringify(parsed.cadence));
    assert.equal(parsed.causes[0]?.id, 'middlebox-idle-timeout');
    assert.ok(parsed.causes[0]?.evidence.some((e) => e.includes('AWS NAT')));
  });

  it('a reset every ~5 s in a timestamped log → keep-alive race', { skip: detectorMissing() }, async () => {
    const s = io(resetLog(5_000, 8));
    assert.equal(await main(['explain', '--json'], s), 0);
    const parsed = JSON.parse(s.out) as { causes: { id: string }[]; cadence: { periodMs: number } | null };
    assert.ok(parsed.cadence && parsed.cadence.periodMs < 10_000, JSON.stringify(parsed.cadence));
    assert.equal(parsed.causes[0]?.id, 'keepalive-idle-race');
  });

  it('reads UTF-16 input with a byte-order mark', { skip: detectorMissing() }, async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GO_LOG, 'utf16le')]);
    const s = io(utf16);
    assert.equal(await main(['explain', '--json'], s), 0);
    assert.ok((JSON.parse(s.out) as { findings: unknown[] }).findings.length >= 2);
  });
});
