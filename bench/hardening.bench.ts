// Load: how the detector holds up under volume and hostile shapes of input. Figures and ratios only.
// 1. 100 terminals streaming at once (interleaved chunks, ANSI, CRLF, errors, hostile lines),
//    each through its own StreamDetector: the longest single push (one task of the extension
//    host), the event loop's longest delay, and memory; baseline: one detector over the same bytes.
// 2. One terminal printing a 16 MiB line without a newline: memory held stays at one piece.
// 3. A large log (1 GiB by default, HARDENING_BENCH_MB to change; generated once under
//    .bench-data/) through scanStream, the streaming scanner of `connection-doctor scan` and the
//    watched logs: the longest synchronous stretch per chunk, throughput and memory; baseline:
//    reading the same file without scanning.
// 4. 100 MB of lines through the editor's sliced scan (scanInSlices): the longest slice.
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, statSync, statfsSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { scanStream, StreamDetector } from '../src/core/detect';
import { arrayLineSource, scanInSlices } from '../src/core/editor/sliced-scan';
import { hostileLine, prng, REAL_ERRORS } from '../test/hardening/hostile';

const ROOT = resolve(__dirname, '..');
const MB = 1024 * 1024;
const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/**
 * Wall and CPU time of one synchronous task, ms. On a loaded machine the wall time includes time
 * the process was not scheduled; the CPU time is the work the task itself did.
 */
function task<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

/** The p-th percentile of `xs` (sorted in place). */
function percentile(xs: number[], p: number): number {
  xs.sort((a, b) => a - b);
  return xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
}
const mib = (b: number): string => `${(b / MB).toFixed(1)} MiB`;

/** Peak RSS and heap while `fn` runs, sampled every 10 ms, relative to the start. */
async function withMemory<T>(fn: () => Promise<T>): Promise<{ value: T; rssPeak: number; heapPeak: number; rssStart: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let rssPeak = 0;
  let heapPeak = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss - start.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed - start.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await fn();
    sample();
    return { value, rssPeak, heapPeak, rssStart: start.rss };
  } finally {
    clearInterval(timer);
  }
}

const FILLER = [
  (i: number) => `INFO  [worker-${i % 16}] GET /api/items/${i} 200 ${i % 250}ms`,
  (i: number) => `\x1b[32m✓\x1b[0m test ${i} passed (${i % 40} ms)`,
  (i: number) => `{"level":"info","ts":${1763700000 + i},"msg":"request done","status":200}`,
  (i: number) => `DEBUG keep-alive: connection ${i % 64} reused (idle ${i % 5000} ms)`,
  () => '\x1b[2K\r\x1b[1m[build]\x1b[22m compiling...',
];

/** A line of terminal or log output: mostly filler, some real errors, some hostile lines. */
function outputLine(r: () => number, i: number): string {
  const x = r();
  if (x < 0.01) return REAL_ERRORS[Math.floor(r() * REAL_ERRORS.length)]!;
  if (x < 0.03) return hostileLine(r);
  return FILLER[Math.floor(r() * FILLER.length)]!(i);
}

async function terminals(): Promise<void> {
  const TERMINALS = 100;
  const PER_TERMINAL = 1 * MB;
  const r = prng(1);
  // Pre-built output per terminal, cut into chunks of 1..4096 chars as a pty delivers them.
  const streams: string[][] = [];
  let total = 0;
  for (let t = 0; t < TERMINALS; t++) {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < PER_TERMINAL; i++) {
      const l = outputLine(r, i);
      lines.push(l);
      size += l.length + 2;
    }
    const text = lines.join(t % 2 ? '\r\n' : '\n');
    const chunks: string[] = [];
    for (let at = 0; at < text.length;) {
      const n = 1 + Math.floor(r() * 4096);
      chunks.push(text.slice(at, at + n));
      at += n;
    }
    streams.push(chunks);
    total += text.length;
  }
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const detectors = streams.map(() => new StreamDetector());
  let longestCpu = 0;
  const walls: number[] = [];
  let findings = 0;
  const m = await withMemory(async () => {
    loop.enable();
    const t0 = performance.now();
    // Round-robin over the terminals, one chunk each; every chunk is its own task, as each pty
    // data event is in the extension host.
    for (let round = 0; ; round++) {
      let any = false;
      for (let t = 0; t < TERMINALS; t++) {
        const c = streams[t]![round];
        if (c === undefined) continue;
        any = true;
        const k = task(() => detectors[t]!.push(c).length);
        findings += k.value;
        walls.push(k.wall);
        longestCpu = Math.max(longestCpu, k.cpu);
        await new Promise((res) => setImmediate(res));
      }
      if (!any) break;
    }
    for (const d of detectors) findings += d.end().length;
    loop.disable();
    return performance.now() - t0;
  });
  const pushes = walls.length;
  const longest = Math.max(...walls);
  const p99 = percentile(walls, 99);
  const base = new StreamDetector();
  const b0 = performance.now();
  let baseFindings = 0;
  for (const chunks of streams) for (const c of chunks) baseFindings += base.push(c).length;
  baseFindings += base.end().length;
  const baseMs = performance.now() - b0;
  console.log(`${TERMINALS} terminals streaming ${mib(total)} in total (${pushes.toLocaleString('en')} chunks of 1-4096 chars, ANSI, CRLF, 1% errors, 2% hostile lines):`);
  console.log(`  ${fmt(m.value)} (${(total / MB / (m.value / 1000)).toFixed(0)} MiB/s), ${findings} findings; longest push ${fmt(longest)} wall, ${fmt(longestCpu)} CPU (target <= 50 ms, CPU ratio ${(longestCpu / 50).toFixed(3)}), p99 push ${fmt(p99)}; event loop delay max ${fmt(loop.max / 1e6)}`);
  console.log(`  memory: RSS +${mib(m.rssPeak)}, heap +${mib(m.heapPeak)} peak while streaming (input held in memory: ${mib(total * 2)} as UTF-16)`);
  console.log(`  baseline, one detector over the same chunks: ${fmt(baseMs)}, ${baseFindings} findings; 100 detectors / 1 detector time ratio ${(m.value / baseMs).toFixed(2)}`);
}

async function endlessLine(): Promise<void> {
  const d = new StreamDetector();
  const chunk = `${'x'.repeat(60_000)} read ECONNRESET ${'y'.repeat(4_000)}`;
  let longest = 0;
  let found = 0;
  let sent = 0;
  const m = await withMemory(async () => {
    while (sent < 16 * MB) {
      const k = task(() => d.push(chunk).length);
      found += k.value;
      longest = Math.max(longest, k.cpu);
      sent += chunk.length;
    }
    found += d.end().length;
    return Promise.resolve();
  });
  console.log(`\none terminal printing a ${mib(sent)} line without a newline, in ${chunk.length}-char chunks:`);
  console.log(`  longest push ${fmt(longest)} CPU (target <= 50 ms), ${found} findings, heap +${mib(m.heapPeak)} peak (the line itself is ${mib(sent * 2)} as UTF-16)`);
}

/** Writes about `bytes` of log to `file` (once; an existing file of the right size is reused). */
function generateLog(file: string, bytes: number): void {
  if (existsSync(file) && statSync(file).size >= bytes && statSync(file).size < bytes + 8 * MB) return;
  const r = prng(7);
  const pool: string[] = [];
  for (let i = 0; i < 20_000; i++) pool.push(`2026-11-21T05:${String(i % 60).padStart(2, '0')}:00Z ${outputLine(r, i)}\n`);
  // A few long lines (minified JSON dumps) as real logs have them.
  for (let i = 0; i < 20; i++) pool.push(`DEBUG payload ${'{"k":"v"},'.repeat(20_000)}\n`);
  const fd = openSync(file, 'w');
  try {
    let written = 0;
    while (written < bytes) {
      let buf = '';
      while (buf.length < 4 * MB) buf += pool[Math.floor(r() * pool.length)]!;
      written += writeSync(fd, buf);
    }
  } finally {
    closeSync(fd);
  }
}

async function largeLog(): Promise<void> {
  const dir = join(ROOT, '.bench-data');
  mkdirSync(dir, { recursive: true });
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  let sizeMb = Number(process.env.HARDENING_BENCH_MB ?? 1024);
  if (free < (sizeMb + 2048) * MB) sizeMb = Math.max(64, Math.floor(free / MB / 4));
  const file = join(dir, `hardening-${sizeMb}mb.log`);
  const g0 = performance.now();
  generateLog(file, sizeMb * MB);
  const genMs = performance.now() - g0;
  const size = statSync(file).size;
  const HWM = 256 << 10;

  const r0 = performance.now();
  let readBytes = 0;
  for await (const c of createReadStream(file, { highWaterMark: HWM })) readBytes += (c as Buffer).length;
  const readMs = performance.now() - r0;

  // The time the scanner holds the thread per chunk: from handing it a chunk to its next request.
  let longest = 0;
  let longestCpu = 0;
  let chunks = 0;
  async function* timed(): AsyncGenerator<Buffer> {
    for await (const c of createReadStream(file, { highWaterMark: HWM })) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      yield c as Buffer;
      const cpu = process.cpuUsage(c0);
      longest = Math.max(longest, performance.now() - t0);
      longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
      chunks++;
    }
  }
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const m = await withMemory(async () => {
    const t0 = performance.now();
    const res = await scanStream(timed(), () => undefined);
    return { res, ms: performance.now() - t0 };
  });
  loop.disable();
  const { res, ms } = m.value;
  console.log(`\n${mib(size)} log (${existsSync(file) ? `.bench-data/${file.split('/').pop()}` : ''}${genMs > 100 ? `, generated in ${fmt(genMs)}` : ', reused'}; free disk ${(free / 1024 / MB).toFixed(0)} GiB) through scanStream in ${HWM >> 10} KiB reads:`);
  console.log(`  ${fmt(ms)} (${(size / MB / (ms / 1000)).toFixed(0)} MiB/s), ${res.lines.toLocaleString('en')} lines, ${res.findings.toLocaleString('en')} findings, matcher saw ${(res.matcherChars / size * 100).toFixed(2)}% of the characters`);
  console.log(`  longest synchronous stretch per chunk ${fmt(longest)} wall, ${fmt(longestCpu)} CPU over ${chunks.toLocaleString('en')} chunks (target <= 50 ms, CPU ratio ${(longestCpu / 50).toFixed(3)}); event loop delay max ${fmt(loop.max / 1e6)}`);
  console.log(`  memory: RSS +${mib(m.rssPeak)} (from ${mib(m.rssStart)}), heap +${mib(m.heapPeak)} peak`);
  console.log(`  baseline, reading the file without scanning: ${fmt(readMs)} (${(readBytes / MB / (readMs / 1000)).toFixed(0)} MiB/s); scan/read time ratio ${(ms / readMs).toFixed(2)}`);
}

async function slicedEditor(): Promise<void> {
  const r = prng(3);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 100 * MB; i++) {
    const l = outputLine(r, i);
    lines.push(l);
    size += l.length + 1;
  }
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const m = await withMemory(() => scanInSlices(arrayLineSource(lines)));
  loop.disable();
  const res = m.value;
  // The same scan with a CPU clock: slices sized and measured by the work they do, not by the
  // time the process waited for a CPU on a busy machine.
  const cpuClock = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const cpu = await scanInSlices(arrayLineSource(lines), { now: cpuClock });
  console.log(`\n${mib(size)} (${lines.length.toLocaleString('en')} lines, 2% hostile) through the editor's sliced scan (8 ms slice budget):`);
  console.log(`  wall clock: ${fmt(res.totalMs)}, ${res.slices} slices, ${res.findings.length} findings; longest slice ${fmt(res.longestSliceMs)} (target <= 50 ms, ratio ${(res.longestSliceMs / 50).toFixed(3)}); event loop delay max ${fmt(loop.max / 1e6)}; heap +${mib(m.heapPeak)}`);
  console.log(`  CPU clock: ${fmt(cpu.totalMs)} CPU, ${cpu.slices} slices; longest slice ${fmt(cpu.longestSliceMs)} CPU (ratio to the 50 ms target ${(cpu.longestSliceMs / 50).toFixed(3)})`);
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await terminals();
  await endlessLine();
  await largeLog();
  await slicedEditor();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
