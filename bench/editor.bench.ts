// The editor's two hot paths, measured in plain Node with the same core code the extension runs:
// 1. a hover on a 100k-line log (detect on the hovered window + causes + Markdown), p50/p95/p99,
//    beside the naive baseline of detecting over the whole document on each hover;
// 2. log diagnostics on a 50 MB log scanned in slices that yield with setImmediate: time to first
//    diagnostics, total time, the longest slice and the event loop's longest delay, beside the
//    baseline of one unsliced detect() over the same text. No assertions: figures and ratios only.
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildHover, findingAtLine, type LineReader } from '../src/core/editor/hover-content';
import { arrayLineSource, scanInSlices } from '../src/core/editor/sliced-scan';
import { MAX_DIAGNOSTICS_PER_DOCUMENT, TopCauseCache, diagnosticMessage, groupRepeats } from '../src/core/editor/log-diagnostics';
import { detect } from '../src/core/detect';
import type { Finding } from '../src/core/types';
// The same seeded generator as the hardening suite, so every run measures the same text.
import { prng } from '../test/hardening/hostile';


const FILLER = [
  (i: number) => `INFO  [exec-${i % 50}] c.e.orders.OrderController - GET /api/orders/${i} 200 ${i % 300}ms`,
  (i: number) => `{"level":30,"pid":4121,"reqId":"req-${i.toString(36)}","msg":"request completed","responseTime":${i % 97}}`,
  (i: number) => `DEBUG pool: connection ${i % 64} returned to pool (idle=${i % 10}, keep-alive timeout=5s)`,
  (i: number) => `INFO  password reset requested for user ${i}; token expires in 30 min`,
  (i: number) => `TRACE Connection: keep-alive; Keep-Alive: timeout=5, max=${i % 1000}`,
  (i: number) => `WARN  slow query (${(i % 900) + 100} ms): SELECT id, status FROM orders WHERE updated_at > $1 LIMIT 500`,
];

const ERRORS: ((i: number) => string[])[] = [
  (i) => [`ERROR Post "http://10.0.3.4:8080/v1/items": read tcp 10.0.3.9:${40000 + (i % 20000)}->10.0.3.4:8080: read: connection reset by peer`],
  (i) => [`ERROR billing: request ${i} failed Error: read ECONNRESET`, '    at TCP.onStreamRead (node:internal/stream_base_commons:218:20) {', '  errno: -104,', "  code: 'ECONNRESET',", "  syscall: 'read'", '}'],
  () => ['WARN  sync: curl: (56) Recv failure: Connection reset by peer'],
  () => ['ERROR c.e.Client - call failed', 'java.net.SocketException: Connection reset', '\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)', '\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:976)'],
  (i) => [`[error] 31#31: *${i} recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.1.0.7, server: api, request: "GET /v1/x HTTP/1.1", upstream: "http://10.0.0.1:8080/v1/x"`],
  () => ['ERROR urllib3.exceptions.ProtocolError: (\'Connection aborted.\', ConnectionResetError(104, \'Connection reset by peer\'))'],
];

/** About `bytes` of log (at most about `maxLines` lines), one error block per ~`every` lines; returns the lines and the error lines' indexes. */
function generate(bytes: number, every: number, maxLines = Infinity): { lines: string[]; errorLines: number[] } {
  const r = prng(42);
  const lines: string[] = [];
  const errorLines: number[] = [];
  let size = 0;
  const t0 = Date.parse('2026-11-20T10:00:00Z');
  for (let i = 0; size < bytes && lines.length < maxLines; i++) {
    const ts = new Date(t0 + i * 37).toISOString();
    const isError = r() < 1 / every;
    const block = isError ? ERRORS[Math.floor(r() * ERRORS.length)]!(i) : [FILLER[Math.floor(r() * FILLER.length)]!(i)];
    if (isError) errorLines.push(lines.length);
    for (const [k, l] of block.entries()) {
      const line = k === 0 ? `${ts} ${l}` : l;
      lines.push(line);
      size += line.length + 1;
    }
  }
  return { lines, errorLines };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const COMMANDS = { explain: 'connectionDoctor.explainOccurrence', probe: 'connectionDoctor.probeEndpoint', insertFix: 'connectionDoctor.insertFix' };

function hoverBench(): void {
  const { lines, errorLines } = generate(Infinity, 100, 100_000);
  const doc: LineReader = { lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
  const r = prng(7);
  const hovers = 4000;
  const times: number[] = [];
  let found = 0;
  // Warm-up: the regexes and the knowledge base are compiled/loaded on first use, as in the editor.
  for (let i = 0; i < 200; i++) findingAtLine(doc, errorLines[i % errorLines.length] ?? 0);
  for (let i = 0; i < hovers; i++) {
    // Half the hovers land on error lines (the case that builds Markdown), half anywhere.
    const line = i % 2 === 0 ? (errorLines[Math.floor(r() * errorLines.length)] ?? 0) : Math.floor(r() * lines.length);
    const t = performance.now();
    const f = findingAtLine(doc, line, 60);
    if (f) {
      buildHover(f, COMMANDS, { documentUri: 'file:///x.log', line });
      found++;
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  // Baseline: what a hover would cost if it scanned the whole document each time.
  const whole = lines.join('\n');
  const base: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    detect(whole);
    base.push(performance.now() - t);
  }
  base.sort((a, b) => a - b);
  const baseMedian = percentile(base, 50);
  console.log(`hover on a ${lines.length.toLocaleString('en')}-line log (${errorLines.length} error blocks), ${hovers} hovers (${found} with a finding):`);
  console.log(`  p50 ${fmt(percentile(times, 50))}  p95 ${fmt(p95)}  p99 ${fmt(percentile(times, 99))}  max ${fmt(times[times.length - 1] ?? NaN)}  (target p95 <= 2 ms, ratio ${(p95 / 2).toFixed(3)})`);
  console.log(`  baseline, detect over the whole document per hover: median ${fmt(baseMedian)}; window hover p95 is ${(baseMedian / p95).toFixed(0)}x faster`);
}

async function diagnosticsBench(): Promise<void> {
  const { lines } = generate(50 * 1024 * 1024, 100);
  const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
  const src = arrayLineSource(lines);
  const causes = new TopCauseCache();
  const all: Finding[] = [];
  let lastPublish = -Infinity;
  let publishes = 0;
  let longestPublish = 0;
  // What the extension does with findings as they arrive: republish at most every 500 ms, each
  // time computing messages, codes and repeat groups for everything found so far.
  const publish = (): void => {
    const t = performance.now();
    const groups = groupRepeats(all);
    for (const f of all) diagnosticMessage(f, causes.get(f));
    void groups;
    publishes++;
    longestPublish = Math.max(longestPublish, performance.now() - t);
  };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  let firstDiagnosticsMs: number | null = null;
  const result = await scanInSlices(src, {
    onFindings: (found) => {
      // As the extension: at most MAX_DIAGNOSTICS_PER_DOCUMENT diagnostics are kept and published.
      all.push(...found.slice(0, Math.max(0, MAX_DIAGNOSTICS_PER_DOCUMENT - all.length)));
      const now = performance.now();
      if (now - lastPublish >= 500) {
        publish();
        lastPublish = performance.now();
        firstDiagnosticsMs ??= lastPublish - t0;
      }
    },
  });
  publish();
  const totalMs = performance.now() - t0;
  loop.disable();
  // Baseline: one unsliced detect() over the same text, which would hold the host for its whole duration.
  const text = lines.join('\n');
  const b0 = performance.now();
  const baseline = detect(text);
  const baselineMs = performance.now() - b0;
  const mb = bytes / 1048576;
  console.log(`\nlog diagnostics on ${mb.toFixed(1)} MB (${lines.length.toLocaleString('en')} lines), sliced scan with setImmediate between slices:`);
  console.log(`  first diagnostics after ${fmt(firstDiagnosticsMs ?? NaN)}; ${result.findings.length} findings (${all.length} published) after ${fmt(totalMs)} (${(mb / (totalMs / 1000)).toFixed(0)} MB/s), ${result.slices} slices`);
  console.log(`  longest slice ${fmt(result.longestSliceMs)} (target <= 50 ms, ratio ${(result.longestSliceMs / 50).toFixed(2)}); longest publish ${fmt(longestPublish)} over ${publishes} publishes`);
  console.log(`  event loop delay during the scan: max ${fmt(loop.max / 1e6)}, p99 ${fmt(loop.percentile(99) / 1e6)}`);
  console.log(`  baseline, one unsliced detect(): ${fmt(baselineMs)} blocking (${baseline.length} findings); longest slice is ${(result.longestSliceMs / baselineMs * 100).toFixed(2)}% of it, total time ratio sliced/unsliced ${(totalMs / baselineMs).toFixed(2)}`);
}

// Wall-clock figures: on a loaded machine the OS preempts slices, so print the load beside them.
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
hoverBench();
diagnosticsBench().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
