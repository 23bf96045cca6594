/**
 * The local environment check behind `connection-doctor doctor`: the runtimes on PATH that our
 * fixes target (their versions against known keep-alive behaviour), interface MTUs, and proxy
 * variables, each with what it means for resets.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { proxyVariables } from './proxy-env';

export interface EnvNote {
  level: 'info' | 'warning';
  message: string;
}

export interface RuntimeInfo {
  name: 'php' | 'libcurl' | 'go' | 'node';
  found: boolean;
  version: string | null;
  notes: EnvNote[];
}

export interface EnvironmentReport {
  runtimes: RuntimeInfo[];
  interfaces: { name: string; mtu: number; notes: EnvNote[] }[];
  proxy: { variables: Record<string, string>; notes: EnvNote[] };
}

export interface EnvironmentOptions {
  env?: Record<string, string | undefined>;
  /** Directory with one folder per interface holding an `mtu` file; default /sys/class/net. */
  sysClassNet?: string;
  /** Per-command deadline, ms; default 5000. */
  timeoutMs?: number;
}

async function run(cmd: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<string | null> {
  // Loaded on use: this module is part of the probe engine, and a probe never starts processes
  // (child_process costs a probe CLI process about 2 ms to load).
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env, maxBuffer: 64 * 1024 }, (err, stdout) => {
      resolve(err ? null : stdout.trim());
    });
  });
}

/** [major, minor, patch] of a dotted version; missing parts are 0. */
export function versionParts(v: string): [number, number, number] {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
}

function below(v: string, than: string): boolean {
  const a = versionParts(v);
  const b = versionParts(than);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** What a libcurl version means for resets on reused connections. */
export function libcurlNotes(version: string): EnvNote[] {
  const notes: EnvNote[] = [
    {
      level: 'warning',
      message: 'libcurl re-sends a request once on a fresh connection when a reused connection turns out dead before any response arrives — POSTs included (measured here with 7.88: 40 POSTs reached the server 65–67 times behind a resetting middlebox). Non-idempotent requests need an idempotency key, or no connection reuse towards such endpoints.',
    },
  ];
  if (below(version, '7.65.0')) {
    notes.push({ level: 'warning', message: `libcurl ${version} predates CURLOPT_MAXAGE_CONN (7.65.0): pooled connections have no age limit, so any server or middlebox idle timeout will eventually be hit on reuse.` });
  } else {
    notes.push({ level: 'info', message: 'CURLOPT_MAXAGE_CONN (default 118 s) limits how long an idle pooled connection is reused; it counts whole seconds, so a sub-second server idle timeout can only be met with CURLOPT_FORBID_REUSE / CURLOPT_FRESH_CONNECT.' });
  }
  return notes;
}

/** Facts about PHP versions (support windows from php.net's supported-versions page). */
export function phpNotes(version: string): EnvNote[] {
  const [major, minor] = versionParts(version);
  const eol: Record<string, string> = { '7.4': '2022-11-28', '8.0': '2023-11-26', '8.1': '2025-12-31', '8.2': '2026-12-31', '8.3': '2027-12-31' };
  const date = eol[`${major}.${minor}`];
  const notes: EnvNote[] = [];
  if (major < 7 || (major === 7 && minor < 4)) notes.push({ level: 'warning', message: `PHP ${version} is long out of support.` });
  else if (date) notes.push({ level: Date.parse(date) < Date.now() ? 'warning' : 'info', message: `PHP ${major}.${minor} security support ${Date.parse(date) < Date.now() ? 'ended' : 'ends'} ${date}. Its HTTP clients (curl extension, Guzzle) inherit libcurl's connection reuse and retry behaviour.` });
  return notes;
}

/** Facts about Go's HTTP client relevant to idle connection resets. */
export function goNotes(version: string): EnvNote[] {
  const [, minor] = versionParts(version.replace(/^go/, ''));
  const notes: EnvNote[] = [
    {
      level: 'info',
      message: 'net/http DefaultTransport keeps idle connections 90 s (IdleConnTimeout); a Transport built by hand has NO idle limit unless IdleConnTimeout is set. Servers that close idle connections sooner (nginx 75 s, haproxy, Go servers with IdleTimeout) race with reuse: EOF, "server closed idle connection", "connection reset by peer".',
    },
    {
      level: 'info',
      message: 'Go retries a failed request on a reused connection by itself only when it is idempotent (GET, HEAD, OPTIONS, TRACE, or with an Idempotency-Key / X-Idempotency-Key header); a POST surfaces the error.',
    },
  ];
  // Go supports the two newest releases; 1.21 shipped in August 2023.
  if (minor > 0 && minor < 21) notes.push({ level: 'warning', message: `Go 1.${minor} has been out of support since Go 1.${minor + 2} shipped (no more security or bug fixes).` });
  return notes;
}

/** Facts about Node's HTTP clients relevant to idle connection resets. */
export function nodeNotes(version: string): EnvNote[] {
  const [major] = versionParts(version.replace(/^v/, ''));
  const notes: EnvNote[] = [];
  if (major >= 19) {
    notes.push({ level: 'info', message: `Node ${major}: http.globalAgent keeps connections alive by default (since Node 19; idle sockets kept 5 s). Servers with a shorter idle timeout and no Keep-Alive hint (Go, nginx with a short keepalive_timeout) race with reuse: ECONNRESET on the next request.` });
  } else {
    notes.push({ level: 'info', message: `Node ${major}: http.globalAgent does not keep connections alive by default; agents created with keepAlive: true do, with no idle limit unless \`timeout\` is set.` });
  }
  notes.push({ level: 'info', message: 'fetch (undici) keeps idle sockets 4 s by default, or the server\'s Keep-Alive hint minus a margin; a server that closes sooner without a hint causes "other side closed" / ECONNRESET.' });
  const eol: Record<number, string> = { 14: '2023-04-30', 16: '2023-09-11', 18: '2025-04-30', 20: '2026-04-30', 22: '2027-04-30' };
  const date = eol[major];
  if (major % 2 === 1) notes.push({ level: 'warning', message: `Node ${major} is an odd-numbered (short-lived, non-LTS) release.` });
  else if (date && Date.parse(date) < Date.now()) notes.push({ level: 'warning', message: `Node ${major} reached end of life on ${date}.` });
  else if (major < 14) notes.push({ level: 'warning', message: `Node ${major} is long out of support.` });
  return notes;
}

/** What an interface MTU means for full-size packets. */
export function mtuNotes(name: string, mtu: number): EnvNote[] {
  if (name === 'lo' || mtu >= 65536) return [];
  if (mtu < 1500) {
    return [{ level: 'warning', message: `MTU ${mtu} is below Ethernet's 1500 (a tunnel or VPN): full-size packets from peers rely on path MTU discovery; where ICMP "fragmentation needed" is filtered, large responses or TLS certificate flights stall and connections time out or get reset (MTU black hole).` }];
  }
  if (mtu > 1500) {
    return [{ level: 'info', message: `MTU ${mtu} (jumbo frames): paths that leave the local network usually carry 1500, so large packets depend on path MTU discovery or MSS clamping.` }];
  }
  return [{ level: 'info', message: 'MTU 1500 (standard Ethernet).' }];
}

export async function checkEnvironment(o: EnvironmentOptions = {}): Promise<EnvironmentReport> {
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? 5000;
  const [php, goV, nodeV] = await Promise.all([
    run('php', ['-r', 'echo PHP_VERSION, " ", function_exists("curl_version") ? curl_version()["version"] : "-";'], env, timeoutMs),
    run('go', ['env', 'GOVERSION'], env, timeoutMs),
    run('node', ['--version'], env, timeoutMs),
  ]);
  const runtimes: RuntimeInfo[] = [];
  const [phpVersion, curlVersion] = php ? php.split(' ') : [];
  runtimes.push({ name: 'php', found: php !== null, version: phpVersion ?? null, notes: phpVersion ? phpNotes(phpVersion) : [] });
  const curl = curlVersion && curlVersion !== '-' ? curlVersion : null;
  runtimes.push({
    name: 'libcurl',
    found: curl !== null,
    version: curl,
    notes: curl ? libcurlNotes(curl) : php ? [{ level: 'info', message: 'PHP has no curl extension loaded.' }] : [],
  });
  runtimes.push({ name: 'go', found: goV !== null, version: goV, notes: goV ? goNotes(goV) : [] });
  runtimes.push({ name: 'node', found: nodeV !== null, version: nodeV, notes: nodeV ? nodeNotes(nodeV) : [] });

  const dir = o.sysClassNet ?? '/sys/class/net';
  const interfaces: EnvironmentReport['interfaces'] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const text = await readFile(join(dir, name, 'mtu'), 'utf8').catch(() => null);
    const mtu = text === null ? NaN : Number(text.trim());
    if (Number.isFinite(mtu)) interfaces.push({ name, mtu, notes: mtuNotes(name, mtu) });
  }

  const variables = proxyVariables(env);
  const notes: EnvNote[] = [];
  if (Object.keys(variables).length === 0) notes.push({ level: 'info', message: 'No proxy variables are set: clients connect directly.' });
  else {
    notes.push({ level: 'info', message: 'curl/libcurl (and PHP) read lower-case http_proxy and either case of HTTPS_PROXY/NO_PROXY; Go reads both cases; Node\'s http and fetch ignore these variables unless told to (Node 24: NODE_USE_ENV_PROXY=1). Clients that disagree take different paths — a reset seen by one tool and not another can be the proxy.' });
    if (env.HTTP_PROXY && !env.http_proxy) notes.push({ level: 'warning', message: 'HTTP_PROXY is set without http_proxy: curl ignores upper-case HTTP_PROXY (a CGI safety rule), Go uses it.' });
    if (!variables.NO_PROXY && !variables.no_proxy) notes.push({ level: 'info', message: 'NO_PROXY is not set: requests to internal hosts and localhost may also go through the proxy.' });
  }
  return { runtimes, interfaces, proxy: { variables, notes } };
}

export function formatEnvironment(r: EnvironmentReport): string {
  const out: string[] = ['runtimes'];
  for (const rt of r.runtimes) {
    out.push(`  ${rt.name.padEnd(8)} ${rt.found ? rt.version ?? '?' : 'not found on PATH'}`);
    for (const n of rt.notes) out.push(`    ${n.level === 'warning' ? '!' : '-'} ${n.message}`);
  }
  out.push('', 'interfaces');
  for (const i of r.interfaces) {
    out.push(`  ${i.name.padEnd(8)} mtu ${i.mtu}`);
    for (const n of i.notes) out.push(`    ${n.level === 'warning' ? '!' : '-'} ${n.message}`);
  }
  out.push('', 'proxy');
  for (const [k, v] of Object.entries(r.proxy.variables)) out.push(`  ${k}=${v}`);
  for (const n of r.proxy.notes) out.push(`    ${n.level === 'warning' ? '!' : '-'} ${n.message}`);
  return `${out.join('\n')}\n`;
}
