// Shared pieces of the cure tests: running the real CLI and client programs, building Go programs,
// and finding a server's idle timeout (with the probe engine, else by a direct measurement).
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { probe } from '../../../src/core/probe/index';

export const run = promisify(execFile);
export const ROOT = resolve(__dirname, '../../..');
export const PROGRAMS = join(ROOT, 'test/e2e/fixtures/cure');
const CLI = join(ROOT, 'dist/cli.js');

/** A scratch directory inside the repository (so node_modules resolves), removed by `cleanup`. */
export function scratchDir(tag: string): string {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  return mkdtempSync(join(ROOT, 'out', `cure-${tag}-`));
}

export function cleanup(dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/** `connection-doctor fix FILE --fix ID --server-idle-ms N`, through the built CLI; returns the fixed text. */
export async function cliFix(file: string, fix: string, serverIdleMs: number | null, lang?: string): Promise<string> {
  const args = [CLI, 'fix', file, '--fix', fix, ...(serverIdleMs !== null ? ['--server-idle-ms', String(serverIdleMs)] : []), ...(lang ? ['--lang', lang] : [])];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
  return stdout;
}

/** Builds the Go program in `srcDir` (stdlib only, offline) into `outDir`; returns the binary path. */
export async function goBuild(srcDir: string, outDir: string, name: string, mainOverride?: string): Promise<string> {
  const work = join(outDir, `${name}-src`);
  cpSync(srcDir, work, { recursive: true });
  if (mainOverride !== undefined) writeFileSync(join(work, 'main.go'), mainOverride);
  writeFileSync(join(work, 'go.mod'), `module ${name}\n\ngo 1.19\n`);
  const bin = join(outDir, name);
  await run('go', ['build', '-o', bin, '.'], { cwd: work, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off' }, timeout: 120_000 });
  return bin;
}

/** The Go lab server: a real net/http server with `IdleTimeout`. Stop it to get its request counts. */
export interface GoServer {
  url: string;
  stop(): Promise<Record<string, number>>;
}

export async function startGoServer(bin: string, idle: string): Promise<GoServer> {
  const child = spawn(bin, ['-idle', idle], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  let started = false;
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('Go server did not start')), 10_000);
    child.stdout.on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl !== -1 && !started) {
        started = true;
        clearTimeout(timer);
        resolveUrl(out.slice(0, nl).trim());
      }
    });
    child.on('exit', () => reject(new Error('Go server exited')));
  });
  return {
    url,
    stop: () => new Promise((resolveCounts) => {
      child.on('exit', () => resolveCounts(JSON.parse(out.slice(out.indexOf('\n') + 1) || '{}') as Record<string, number>));
      child.stdin.end();
    }),
  };
}

/** Runs a client program to completion (bounded) and returns stdout and the `failures=K` count. */
export async function runClient(cmd: string, args: string[], cwd?: string): Promise<{ out: string; err: string; failures: number }> {
  const { stdout, stderr } = await run(cmd, args, { cwd, timeout: 120_000, maxBuffer: 16 << 20 });
  const m = /failures=(\d+)/.exec(stdout);
  if (!m) throw new Error(`client printed no summary:\n${stdout}`);
  return { out: stdout, err: stderr, failures: Number(m[1]) };
}

/**
 * How long the server keeps an idle connection: one request on a raw socket, then the time until
 * the server closes it. A direct measurement, used when the probe engine gives no figure.
 */
export function measureIdleClose(url: string, limitMs = 10_000): Promise<number | null> {
  const u = new URL(url);
  return new Promise((resolveMs) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port) });
    let buf = '';
    let doneAt = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolveMs(null);
    }, limitMs);
    socket.on('connect', () => socket.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: keep-alive\r\n\r\n`));
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      buf += d;
      const head = buf.indexOf('\r\n\r\n');
      const len = /content-length:\s*(\d+)/i.exec(buf);
      if (!doneAt && head !== -1 && len && buf.length >= head + 4 + Number(len[1])) doneAt = performance.now();
    });
    const finish = (): void => {
      clearTimeout(timer);
      resolveMs(doneAt ? Math.round(performance.now() - doneAt) : null);
    };
    socket.on('end', finish);
    socket.on('error', finish);
  });
}

/** The server's idle timeout from a real probe; falls back to `measureIdleClose` when the probe has none. */
export async function serverIdle(url: string): Promise<{ ms: number; source: string }> {
  const report = await Promise.race([
    probe(url, { idle: true, maxIdleMs: 5000, timeoutMs: 3000, proxy: null }),
    new Promise<null>((r) => setTimeout(() => r(null), 8000).unref()),
  ]);
  const fromProbe = report?.keepAlive?.idleTimeoutMs;
  if (typeof fromProbe === 'number' && fromProbe > 0) return { ms: Math.round(fromProbe), source: 'probe engine' };
  const measured = await measureIdleClose(url);
  if (measured === null) throw new Error(`could not find the idle timeout of ${url} (probe: ${report?.error?.message ?? 'no keep-alive figure'})`);
  return { ms: measured, source: `direct measurement (probe gave ${report?.error ? `an error: ${report.error.message}` : 'no keep-alive figure'})` };
}

export function readProgram(name: string): string {
  return readFileSync(join(PROGRAMS, name), 'utf8');
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `cd-${tag}-`));
}
