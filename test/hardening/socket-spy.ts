/**
 * Preload (`node --require out/hardening/socket-spy.js`) that records every attempt to reach the
 * network: TCP/TLS connects (which every HTTP client in Node ends in), UDP sends and DNS queries.
 * The attempts are written as JSON to the file named by SOCKET_SPY_OUT when the process exits.
 * Nothing is blocked: the spy only watches, so a program behaves as it would without it.
 */
import { writeFileSync } from 'node:fs';

const attempts: string[] = [];
const out = process.env.SOCKET_SPY_OUT;

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `obj[key]` (a function) with one that records `label` and its first argument, then calls through. */
function watch(obj: object, key: string, label: string): void {
  const target = obj as Record<string, unknown>;
  const original = target[key];
  if (typeof original !== 'function') return;
  const fn = original as AnyFn;
  target[key] = function (this: unknown, ...args: unknown[]): unknown {
    let what: string;
    try {
      what = JSON.stringify(args[0]) ?? String(args[0]);
    } catch {
      what = String(args[0]);
    }
    attempts.push(`${label} ${what.slice(0, 200)}`);
    return fn.apply(this, args);
  };
}

const net = process.getBuiltinModule('node:net');
const dgram = process.getBuiltinModule('node:dgram');
const dns = process.getBuiltinModule('node:dns');
watch(net.Socket.prototype, 'connect', 'tcp connect');
watch(dgram.Socket.prototype, 'send', 'udp send');
for (const k of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt', 'reverse']) {
  watch(dns, k, `dns ${k}`);
  watch(dns.promises, k, `dns.promises ${k}`);
}

process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify(attempts));
});
