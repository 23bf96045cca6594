// Scan throughput: `connection-doctor scan --json` (the built dist/cli.js, in a child process)
// against ripgrep counting lines that match the same keyword set, on one generated 200 MB
// mixed-runtime log. Prints times, MB/s, the ratio, CPU times, and the scanner's peak RSS. No
// assertions.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { detect } from '../src/core/detect';
import { PREFILTER_KEYWORDS } from '../src/core/signatures';
// The same seeded generator as the hardening suite, so every run measures the same text.
import { prng } from '../test/hardening/hostile';

const TARGET_BYTES = 200 * 1024 * 1024;
const FILE = join('.bench-data', 'scan-200mb.log');


/** Ordinary lines of several runtimes' logs, some with words that look close to errors. */
const FILLER = [
  (r: () => number, ts: string) => `${ts} INFO  [http-nio-8080-exec-${Math.floor(r() * 50)}] c.e.orders.OrderController - GET /api/orders/${Math.floor(r() * 1e6)} 200 ${Math.floor(r() * 300)}ms`,
  (r: () => number, ts: string) => `{"level":30,"time":${Date.parse(ts)},"pid":4121,"hostname":"api-7d9f","reqId":"req-${Math.floor(r() * 1e6).toString(36)}","msg":"request completed","responseTime":${(r() * 90).toFixed(2)}}`,
  (_r: () => number, ts: string) => `${ts.replace('T', ' ').slice(0, 19).replace(/-/g, '/')} [notice] 17#17: signal process started`,
  (r: () => number, ts: string) => `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} - - [${ts}] "POST /v1/checkout HTTP/1.1" 201 512 "-" "okhttp/4.12.0" rt=0.0${Math.floor(r() * 99)}`,
  (r: () => number, ts: string) => `${ts} DEBUG pool: connection ${Math.floor(r() * 64)} returned to pool (idle=${Math.floor(r() * 10)}, keep-alive timeout=5s)`,
  (r: () => number, ts: string) => `${ts} level=info msg="cache refreshed" keys=${Math.floor(r() * 5000)} duration=${(r() * 40).toFixed(1)}ms`,
  (r: () => number, ts: string) => `${ts} INFO  password reset requested for user ${Math.floor(r() * 1e5)}; token expires in 30 min`,
  (r: () => number, ts: string) => `${ts} WARN  slow query (${Math.floor(r() * 900) + 100} ms): SELECT id, status FROM orders WHERE updated_at > $1 LIMIT 500`,
  (_r: () => number, ts: string) => `${ts} INFO  retry policy: retry on ['ECONNRESET', 'ETIMEDOUT'] with backoff 200ms`,
  (r: () => number, ts: string) => `${ts} TRACE Connection: keep-alive; Keep-Alive: timeout=5, max=${Math.floor(r() * 1000)}`,
];

/** Real error formats (one- and multi-line) injected into the filler. */
const ERRORS = [
  (ts: string) => `${ts.replace('T', ' ').slice(0, 19).replace(/-/g, '/')} Post "http://10.0.3.4:8080/v1/items": read tcp 10.0.3.9:40210->10.0.3.4:8080: read: connection reset by peer`,
  (ts: string) => `${ts.replace('T', ' ').slice(0, 19).replace(/-/g, '/')} [error] 812#812: *92211 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.2.0.4, server: api.example.com, request: "GET /v1/a HTTP/1.1", upstream: "http://10.2.1.8:8080/v1/a", host: "api.example.com"`,
  (ts: string) => `${ts} ERROR cURL error 56: Recv failure: Connection reset by peer (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for http://payments.internal/api/charge`,
  (ts: string) => `${ts} ERROR request failed\nError: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {\n  errno: -104,\n  code: 'ECONNRESET',\n  syscall: 'read'\n}`,
  (ts: string) => `${ts} ERROR upstream call failed\njava.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:966)`,
  (ts: string) => `${ts} ERROR sync failed: HTTPSConnectionPool(host='api.partner.com', port=443): Max retries exceeded with url: /v2/orders (Caused by ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')))`,
  (ts: string) => `${ts} WARN  Post "http://billing:8080/charge": http: server closed idle connection`,
  (ts: string) => `${ts} ERROR System.Net.Http.HttpRequestException: An error occurred while sending the request.\n ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host..`,
  (ts: string) => `${ts} ERROR TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13 {\n  [cause]: SocketError: other side closed\n}`,
  (ts: string) => `${ts} ERROR curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received`,
];

/** Writes the benchmark log once; later runs reuse it. Returns the number of injected errors. */
function generate(): number {
  const meta = `${FILE}.meta.json`;
  if (existsSync(FILE) && existsSync(meta) && statSync(FILE).size >= TARGET_BYTES) return (JSON.parse(readFileSync(meta, 'utf8')) as { errors: number }).errors;
  mkdirSync('.bench-data', { recursive: true });
  const r = prng(20261121);
  const fd = openSync(FILE, 'w');
  let written = 0;
  let errors = 0;
  let t = Date.UTC(2026, 10, 21, 0, 0, 0);
  let batch: string[] = [];
  let untilError = 2000 + Math.floor(r() * 6000);
  while (written < TARGET_BYTES) {
    t += Math.floor(r() * 40);
    const ts = new Date(t).toISOString();
    let line: string;
    if (--untilError <= 0) {
      line = ERRORS[Math.floor(r() * ERRORS.length)]!(ts);
      errors++;
      untilError = 2000 + Math.floor(r() * 6000);
    } else {
      line = FILLER[Math.floor(r() * FILLER.length)]!(r, ts);
    }
    batch.push(line);
    if (batch.length === 4096) {
      const s = batch.join('\n') + '\n';
      written += writeSync(fd, s);
      batch = [];
    }
  }
  if (batch.length) writeSync(fd, batch.join('\n') + '\n');
  closeSync(fd);
  writeFileSyncJson(meta, { errors });
  return errors;
}

function writeFileSyncJson(path: string, value: unknown): void {
  const fd = openSync(path, 'w');
  writeSync(fd, JSON.stringify(value));
  closeSync(fd);
}

interface Run {
  ms: number;
  /** User + system CPU time: steadier than wall time on a busy machine. */
  cpuMs: number;
  rssKb: number | null;
  out: string;
}

/** Runs a command under /usr/bin/time -v; wall time measured here, peak RSS from time's report. */
function timed(cmd: string, args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(cmd === 'rg' && r.status === 1)) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const cpuMs = (Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0)) * 1000;
  return { ms, cpuMs, rssKb: rss?.[1] ? Number(rss[1]) : null, out: r.stdout };
}

const errors = generate();
const size = statSync(FILE).size;
const mb = size / (1024 * 1024);
const lines = readLineCount();
console.log(`log: ${FILE} ${mb.toFixed(0)} MB, ${lines} lines, ${errors} injected errors (one per ${Math.round(lines / errors)} lines)`);

function readLineCount(): number {
  const r = spawnSync('wc', ['-l', FILE], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

// Warm the page cache so that neither side pays for the disk.
spawnSync('cat', [FILE], { stdio: ['ignore', 'ignore', 'ignore'] });

const patterns = PREFILTER_KEYWORDS.flatMap((k) => ['-e', k]);
const best = (runs: Run[]): Run => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const rgRuns: Run[] = [];
const scanRuns: Run[] = [];
for (let i = 0; i < 3; i++) {
  rgRuns.push(timed('rg', ['-c', '-i', '-F', ...patterns, FILE]));
  scanRuns.push(timed(process.execPath, ['dist/cli.js', 'scan', '--json', FILE]));
}
const rg = best(rgRuns);
const scan = best(scanRuns);
const report = JSON.parse(scan.out) as { findings: unknown[]; bytes: number };
const cpu = (runs: Run[]): number => Math.min(...runs.map((r) => r.cpuMs));
const peak = (runs: Run[]): number => Math.max(...runs.map((r) => r.rssKb ?? 0)) / 1024;
console.log(`ripgrep (rg -c -i -F, ${PREFILTER_KEYWORDS.length} keywords): ${rg.ms.toFixed(0)} ms, ${(mb / (rg.ms / 1000)).toFixed(0)} MB/s, ${rg.out.trim()} matching lines, peak RSS ${peak(rgRuns).toFixed(0)} MB`);
console.log(`connection-doctor scan --json: ${scan.ms.toFixed(0)} ms, ${(mb / (scan.ms / 1000)).toFixed(0)} MB/s, ${report.findings.length} findings, peak RSS ${peak(scanRuns).toFixed(0)} MB over the runs (target < 100 MB)`);
console.log(`ratio scan/ripgrep: ${(scan.ms / rg.ms).toFixed(2)}x wall (target <= 2x); runs: scan ${scanRuns.map((r) => r.ms.toFixed(0)).join('/')} ms, rg ${rgRuns.map((r) => r.ms.toFixed(0)).join('/')} ms`);
console.log(`CPU time (user+sys, best run): scan ${cpu(scanRuns).toFixed(0)} ms, rg ${cpu(rgRuns).toFixed(0)} ms, ratio ${(cpu(scanRuns) / cpu(rgRuns)).toFixed(2)}x; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// The editor path: detect() over an in-memory 50 MB document (what a hover or a diagnostics pass
// over an open log costs), in this process.
const doc = readFileSync(FILE).subarray(0, 50 * 1024 * 1024).toString('utf8');
const t0 = process.hrtime.bigint();
const inDoc = detect(doc).length;
const docMs = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`detect() over a 50 MB in-memory document: ${docMs.toFixed(0)} ms (${(50 / (docMs / 1000)).toFixed(0)} MB/s), ${inDoc} findings`);
