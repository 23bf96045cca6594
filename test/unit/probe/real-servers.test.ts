/**
 * The idle-timeout measurement against real servers from Debian: nginx (`keepalive_timeout`) and
 * haproxy (`timeout http-keep-alive`), started on loopback with generated configs, stopped after.
 */
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probe } from '../../../src/core/probe';

function has(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Resolves once something accepts on the port (bounded: 50 tries, 100 ms apart). */
async function waitListening(port: number, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

const procs: ChildProcess[] = [];
const dirs: string[] = [];
after(async () => {
  for (const p of procs) {
    if (p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startNginx(keepaliveMs: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-nginx-'));
  dirs.push(dir);
  const port = await freePort();
  const root = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(join(dir, 'nginx.conf'), `${root}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_timeout ${keepaliveMs}ms;
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "ok\\n"; }
  }
}
`);
  const p = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  procs.push(p);
  await waitListening(port, p);
  return `http://127.0.0.1:${port}/`;
}

async function startHaproxy(keepaliveMs: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-haproxy-'));
  dirs.push(dir);
  const port = await freePort();
  writeFileSync(join(dir, 'haproxy.cfg'), `global
  maxconn 100
defaults
  mode http
  timeout connect 1s
  timeout client 10s
  timeout server 10s
  timeout http-keep-alive ${keepaliveMs}ms
frontend fe
  bind 127.0.0.1:${port}
  http-request return status 200 content-type text/plain string "ok"
`);
  const p = spawn('haproxy', ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: 'ignore' });
  procs.push(p);
  await waitListening(port, p);
  return `http://127.0.0.1:${port}/`;
}

function within(actual: number | null | undefined, expected: number): void {
  assert.ok(actual !== null && actual !== undefined, 'no idle timeout measured');
  assert.ok(Math.abs(actual - expected) <= expected * 0.05, `${actual} ms is not within ±5% of ${expected} ms`);
}

describe('idle timeout of real servers', { concurrency: true }, () => {
  it('nginx keepalive_timeout 2000ms: measured within 5%, closed by FIN', { skip: has('nginx') ? false : 'nginx is not installed (apt-get install nginx-light)' }, async (t) => {
    const url = await startNginx(2000);
    const r = await probe(url, { env: {}, idle: true, maxIdleMs: 5000 });
    assert.equal(r.http?.status, 200);
    assert.equal(r.http?.keepAliveHint, null);
    t.diagnostic(`measured ${r.keepAlive?.idleTimeoutMs} ms (${r.keepAlive?.closeKind}) in ${r.keepAlive?.wallMs} ms`);
    within(r.keepAlive?.idleTimeoutMs, 2000);
    assert.equal(r.keepAlive?.closeKind, 'fin');
    assert.equal(r.causes[0]?.id, 'keepalive-idle-race');
  });

  it('haproxy timeout http-keep-alive 1500ms: measured within 5%, closed by FIN', { skip: has('haproxy') ? false : 'haproxy is not installed (apt-get install haproxy)' }, async (t) => {
    const url = await startHaproxy(1500);
    const r = await probe(url, { env: {}, idle: true, maxIdleMs: 5000 });
    assert.equal(r.http?.status, 200);
    t.diagnostic(`measured ${r.keepAlive?.idleTimeoutMs} ms (${r.keepAlive?.closeKind}) in ${r.keepAlive?.wallMs} ms`);
    within(r.keepAlive?.idleTimeoutMs, 1500);
    assert.equal(r.keepAlive?.closeKind, 'fin');
    assert.equal(r.causes[0]?.id, 'keepalive-idle-race');
  });
});
