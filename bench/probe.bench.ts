/**
 * Probe benchmark. Prints, in one run, against the same healthy lab server (medians of N runs):
 * (a) the probe's own measured time (report.phases.totalMs: start of the network work to the
 *     last byte) in a cold `connection-doctor probe URL --json` process, beside curl's
 *     `time_total` for the same URL (target <= 1.2);
 * (b) the same figure for a warm engine: probe() repeated in one running process after WARM_UP
 *     earlier probes, in a process of its own so that the lab server does not share its event
 *     loop (curl's never does);
 * (c) process wall time of the CLI beside curl's, with an empty node process for scale (start-up
 *     alone is several times curl's whole run).
 * Then keep-alive idle-timeout measurement wall time divided by the true timeout, for lab servers
 * closing idle connections after 1, 2 and 4 s (target <= 1.2), and for a silent middlebox.
 * Only loopback; every server and process is stopped at the end. No assertions.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { probe } from '../src/core/probe';
import type { ProbeReport } from '../src/core/types';
import { startLab } from '../test/fixtures/servers';

const RUNS = Number(process.env.PROBE_BENCH_RUNS ?? 20);
const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = Math.floor(a.length / 2);
  return a.length % 2 ? (a[m] ?? NaN) : ((a[m - 1] ?? NaN) + (a[m] ?? NaN)) / 2;
}

/** Runs a process to completion without blocking this event loop (the lab server lives here). */
function timed(cmd: string, args: string[]): Promise<{ ms: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.once('error', reject);
    p.once('close', (code) => resolve({ ms: performance.now() - t0, stdout, code }));
  });
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

/** Probes a process makes before its figures count as warm (V8 has optimized the hot paths by then). */
const WARM_UP = 30;

/**
 * probe() repeated in a fresh process that loads the shipped engine bundle, as the extension host
 * does; the totalMs of the `runs` probes that follow WARM_UP earlier ones.
 */
async function warmEngine(url: string, runs: number): Promise<number[]> {
  const program = `
    const { probe } = require(${JSON.stringify(resolve('dist/probe-engine.js'))});
    (async () => {
      const out = [];
      for (let i = 0; i < ${WARM_UP + runs}; i++) out.push((await probe(${JSON.stringify(url)}, { env: {} })).phases.totalMs);
      process.stdout.write(JSON.stringify(out.slice(${WARM_UP})));
    })();`;
  const r = await timed(process.execPath, ['-e', program]);
  return (JSON.parse(r.stdout) as (number | null)[]).filter((x): x is number => x !== null);
}

async function cliVersusCurl(): Promise<void> {
  const lab = await startLab('healthy');
  try {
    const cli: number[] = [];
    const curl: number[] = [];
    const engine: number[] = [];
    const curlTotal: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so that neither tool always runs on a warmer machine.
      const runCli = async (): Promise<void> => {
        const r = await timed(process.execPath, ['dist/cli.js', 'probe', lab.url, '--json']);
        cli.push(r.ms);
        try {
          const report = JSON.parse(r.stdout) as ProbeReport;
          if (report.phases.totalMs !== null) engine.push(report.phases.totalMs);
        } catch {
          console.log(`  (run ${i}: the CLI exited ${r.code} without a JSON report)`);
        }
      };
      const runCurl = async (): Promise<void> => {
        const r = await timed('curl', ['-s', '-o', '/dev/null', '--noproxy', '*', '-w', '%{time_total}', lab.url]);
        curl.push(r.ms);
        curlTotal.push(Number(r.stdout) * 1000);
      };
      if (i % 2) {
        await runCli();
        await runCurl();
      } else {
        await runCurl();
        await runCli();
      }
    }
    const warm = await warmEngine(lab.url, RUNS);
    const bare = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) bare.push((await timed(process.execPath, ['-e', '0'])).ms);
    const curlT = median(curlTotal);
    console.log(`probe vs curl, healthy lab server, ${RUNS} runs each (medians)`);
    console.log(`  (a) cold CLI process, its own totalMs ${fmt(median(engine))}; curl time_total ${fmt(curlT)}; ratio ${(median(engine) / curlT).toFixed(2)} (target <= 1.2)`);
    console.log(`  (b) warm engine, probe() totalMs in a running process after ${WARM_UP} probes ${fmt(median(warm))}; curl time_total ${fmt(curlT)}; ratio ${(median(warm) / curlT).toFixed(2)} (target <= 1.2)`);
    console.log(`  (c) process wall: connection-doctor probe --json ${fmt(median(cli))}, curl ${fmt(median(curl))}; ratio ${(median(cli) / median(curl)).toFixed(2)}`);
    console.log(`      for scale: an empty node process ${fmt(median(bare))} (start-up alone; curl is a small C program); CLI beyond it ${fmt(median(cli) - median(bare))}`);
  } finally {
    await lab.close();
  }
}

async function idleRatio(): Promise<void> {
  console.log('keep-alive idle timeout measurement (wall / true timeout)');
  const cases: { label: string; kind: 'idle-close' | 'middlebox'; idleMs: number; mode?: 'on-next-data' }[] = [
    { label: 'FIN after 1 s', kind: 'idle-close', idleMs: 1000 },
    { label: 'FIN after 2 s', kind: 'idle-close', idleMs: 2000 },
    { label: 'FIN after 4 s', kind: 'idle-close', idleMs: 4000 },
    { label: 'middlebox RST after 2 s (seen while idle)', kind: 'middlebox', idleMs: 2000 },
    { label: 'silent middlebox, RST on next data after 2 s', kind: 'middlebox', idleMs: 2000, mode: 'on-next-data' },
  ];
  for (const c of cases) {
    const lab = await startLab(c.kind, { idleMs: c.idleMs, mode: c.mode });
    try {
      const r = await probe(lab.url, { env: {}, idle: true, maxIdleMs: 30_000 });
      const k = r.keepAlive;
      if (!k) continue;
      const err = k.idleTimeoutMs === null ? 'n/a' : `${(((k.idleTimeoutMs - c.idleMs) / c.idleMs) * 100).toFixed(1)}%`;
      console.log(`  ${c.label.padEnd(48)} measured ${k.idleTimeoutMs ?? '—'} ms (${k.closeKind ?? '?'}, ${k.method ?? '?'}, error ${err}); wall ${k.wallMs} ms; ratio ${(k.wallMs / c.idleMs).toFixed(2)}${c.mode ? ' (target applies to servers that close actively)' : ' (target <= 1.2)'}`);
    } finally {
      await lab.close();
    }
  }
}

void (async () => {
  await cliVersusCurl();
  await idleRatio();
})();
