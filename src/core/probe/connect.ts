/**
 * The layers below HTTP: DNS, TCP connect (to every address), the proxy tunnel and TLS. Each
 * returns its figures and failures as data; sockets are handed upwards ready for HTTP.
 */
import { promises as dns } from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { PhaseError, TlsInfo } from '../types';
import { errorCode, errorMessage, phaseError, withDeadline } from './errors';
import { bareHost, portOf } from './url';

export interface Target {
  url: URL;
  host: string;
  port: number;
  secure: boolean;
  /** SNI to send: the host name, or null for an IP literal (SNI may not carry addresses). */
  servername: string | null;
  /** Where TCP goes: the target itself, or the proxy. */
  via: { host: string; port: number; authorization: string | null } | null;
}

export function makeTarget(url: URL, proxyUrl: string | null): Target {
  const host = bareHost(url);
  let via: Target['via'] = null;
  if (proxyUrl) {
    const p = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
    const auth = p.username ? `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}` : null;
    via = { host: bareHost(p), port: p.port ? Number(p.port) : 80, authorization: auth };
  }
  return { url, host, port: portOf(url), secure: url.protocol === 'https:', servername: net.isIP(host) ? null : host, via };
}

export interface DnsResult {
  ok: boolean;
  addresses: string[];
  ms: number;
  error: PhaseError | null;
}

/** Resolves every A/AAAA address of `host` (as the system resolver orders them). */
export async function resolveHost(host: string, timeoutMs: number, signal?: AbortSignal): Promise<DnsResult> {
  const t0 = performance.now();
  if (net.isIP(host)) return { ok: true, addresses: [host], ms: 0, error: null };
  try {
    const all = await withDeadline('DNS lookup', timeoutMs, signal, dns.lookup(host, { all: true, order: 'verbatim' }), () => undefined);
    return { ok: true, addresses: all.map((a) => a.address), ms: performance.now() - t0, error: null };
  } catch (err) {
    return { ok: false, addresses: [], ms: performance.now() - t0, error: phaseError('dns', err, { afterMs: Math.round(performance.now() - t0) }) };
  }
}

/** Opens a TCP connection; rejects on failure or deadline (the socket is destroyed then). */
export function tcpConnect(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
  const socket = net.connect({ host: address, port, noDelay: true });
  // An RST can arrive between two phases, when no phase listens: it must not crash the process.
  // Each phase reads the socket's fate through its own listeners.
  socket.on('error', () => undefined);
  const connected = new Promise<net.Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
  return withDeadline(`TCP connect to ${address}:${port}`, timeoutMs, signal, connected, () => socket.destroy());
}

export interface ConnectAttempt {
  address: string;
  ms: number | null;
  error: string | null;
}

/** After the first address answers, how long the others may still take, ms: max(250, 4 × its time). */
function graceAfter(ms: number): number {
  return Math.max(250, ms * 4);
}

/**
 * Connects to every address in parallel (so each gets its own connect time) and keeps the first
 * one, in resolver order, that answered; the others are closed. Once one address has answered,
 * the rest get a short grace period, so that an address that never answers (a dead IPv6 route)
 * costs a fraction of a second rather than the whole timeout; it is reported as abandoned.
 */
export async function connectAny(addresses: string[], port: number, timeoutMs: number, signal?: AbortSignal): Promise<{ socket: net.Socket | null; address: string | null; attempts: ConnectAttempt[]; error: PhaseError | null; ms: number | null }> {
  const t0 = performance.now();
  // The race machinery (a controller to abandon the slow ones, a linked signal, a grace timer)
  // only when there is a race: with one address (an IP literal, a single A record, the proxy) it
  // would be measurable in a sub-millisecond connect.
  const abandon = addresses.length > 1 ? new AbortController() : null;
  const linked = abandon === null ? signal : signal ? AbortSignal.any([signal, abandon.signal]) : abandon.signal;
  let graceTimer: NodeJS.Timeout | null = null;
  let graceMs = 0;
  const results = await Promise.all(addresses.map(async (address) => {
    const t = performance.now();
    try {
      const socket = await tcpConnect(address, port, timeoutMs, linked);
      const ms = performance.now() - t;
      if (abandon && !graceTimer) {
        graceMs = graceAfter(ms);
        graceTimer = setTimeout(() => abandon.abort(), graceMs);
      }
      return { address, socket, ms, err: null as unknown };
    } catch (err) {
      return { address, socket: null, ms: performance.now() - t, err };
    }
  }));
  if (graceTimer) clearTimeout(graceTimer);
  const abandoned = (abandon?.signal.aborted ?? false) && !(signal?.aborted ?? false);
  const winner = results.find((r) => r.socket);
  for (const r of results) if (r.socket && r !== winner) r.socket.destroy();
  const attempts = results.map((r) => ({
    address: r.address,
    ms: r.socket ? round(r.ms) : null,
    error: r.socket ? null : abandoned && errorCode(r.err) === 'ABORTED' ? `ETIMEDOUT: no answer within ${Math.round(r.ms)} ms (abandoned ${Math.round(graceMs)} ms after another address answered)` : `${errorCode(r.err)}: ${errorMessage(r.err)}`,
  }));
  if (winner?.socket) return { socket: winner.socket, address: winner.address, attempts, error: null, ms: winner.ms };
  const first = results[0];
  return { socket: null, address: null, attempts, ms: null, error: first ? phaseError('tcp', first.err, { afterMs: round(performance.now() - t0) }) : { phase: 'tcp', code: 'NO_ADDRESS', message: 'no address to connect to' } };
}

/**
 * Asks an HTTP proxy for a tunnel (CONNECT) to the target. The proxy's answer is read byte by
 * byte up to the blank line so that no tunnelled byte is swallowed.
 */
export function proxyConnect(socket: net.Socket, target: Target, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const authority = `${net.isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`;
  const work = new Promise<void>((resolve, reject) => {
    let head = '';
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read(1) as Buffer | null) !== null) {
        head += chunk.toString('latin1');
        if (head.length > 16 * 1024) {
          cleanup();
          reject(Object.assign(new Error('proxy answer too long'), { code: 'PROXY_PROTOCOL' }));
          return;
        }
        if (head.endsWith('\r\n\r\n')) {
          cleanup();
          const m = /^HTTP\/\d\.\d (\d{3})/.exec(head);
          const status = m ? Number(m[1]) : 0;
          if (status >= 200 && status < 300) resolve();
          else reject(Object.assign(new Error(`proxy answered '${head.split('\r\n')[0] ?? ''}' to CONNECT ${authority}`), { code: `PROXY_STATUS_${status}` }));
          return;
        }
      }
    };
    const onEnd = (): void => {
      cleanup();
      reject(Object.assign(new Error(`proxy closed the connection (FIN) during CONNECT ${authority}`), { code: 'EOF' }));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      socket.removeListener('readable', onReadable);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
    };
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('error', onError);
    const auth = target.via?.authorization ? `proxy-authorization: ${target.via.authorization}\r\n` : '';
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${auth}\r\n`);
  });
  return withDeadline('proxy CONNECT', timeoutMs, signal, work, () => socket.destroy());
}

export interface TlsOptions {
  timeoutMs: number;
  insecure: boolean;
  ca?: string | string[] | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * TLS over an open socket. Verification runs in full; with `insecure` a failed verification is
 * returned as `verifyError` beside a usable socket instead of ending the probe.
 */
export async function tlsHandshake(raw: net.Socket, target: Target, o: TlsOptions): Promise<{ socket: tls.TLSSocket; info: TlsInfo; verifyError: PhaseError | null }> {
  const socket = tls.connect({
    socket: raw,
    // Node refuses to send an IP address as SNI; undefined keeps the extension out.
    servername: target.servername ?? undefined,
    ALPNProtocols: ['http/1.1'],
    // We check `authorized` ourselves so that --insecure can report the problem and go on.
    rejectUnauthorized: false,
    ca: o.ca === undefined ? undefined : [...tls.rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])],
  });
  socket.on('error', () => undefined);
  const done = new Promise<tls.TLSSocket>((resolve, reject) => {
    socket.once('secureConnect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
  await withDeadline('TLS handshake', o.timeoutMs, o.signal, done, () => socket.destroy());
  const info = tlsInfo(socket, target);
  let verifyError: PhaseError | null = null;
  if (!socket.authorized) {
    const code = typeof socket.authorizationError === 'string' ? socket.authorizationError : String(socket.authorizationError);
    verifyError = { phase: 'tls', code, message: `certificate verification failed: ${code}` };
  }
  return { socket, info, verifyError };
}

function dn(v: unknown): string {
  if (typeof v !== 'object' || v === null) return '';
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${Array.isArray(x) ? x.join('+') : String(x)}`).join(', ');
}

export function tlsInfo(socket: tls.TLSSocket, target: Target): TlsInfo {
  const chain: TlsInfo['certificates'] = [];
  let cert: tls.DetailedPeerCertificate | null = socket.getPeerCertificate(true);
  const leaf = cert && Object.keys(cert).length > 0 ? cert : null;
  const seen = new Set<string>();
  while (cert && Object.keys(cert).length > 0 && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    const validTo = new Date(cert.valid_to);
    const subject = dn(cert.subject);
    const issuer = dn(cert.issuer);
    chain.push({
      subject,
      issuer,
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: validTo.toISOString(),
      daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000),
      selfSigned: subject === issuer && (cert.issuerCertificate === undefined || cert.issuerCertificate === cert || cert.issuerCertificate.fingerprint256 === cert.fingerprint256),
    });
    cert = cert.issuerCertificate ?? null;
  }
  const cipher = socket.getCipher();
  return {
    protocol: socket.getProtocol(),
    cipher: cipher.name,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    sni: target.servername,
    authorized: socket.authorized,
    authorizationError: socket.authorized ? null : String(socket.authorizationError),
    certificates: chain,
    hostnameMatch: leaf ? tls.checkServerIdentity(target.host, leaf) === undefined : null,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export interface OpenResult {
  ok: boolean;
  socket: net.Socket | tls.TLSSocket | null;
  connectMs: number | null;
  proxyMs: number | null;
  tlsMs: number | null;
  tls: TlsInfo | null;
  attempts: ConnectAttempt[];
  error: PhaseError | null;
}

/**
 * A connection ready for HTTP: TCP to one of `addresses` (the target's or the proxy's), then the
 * CONNECT tunnel when there is a proxy, then TLS for https.
 */
export async function openConnection(target: Target, addresses: string[], o: TlsOptions): Promise<OpenResult> {
  const res: OpenResult = { ok: false, socket: null, connectMs: null, proxyMs: null, tlsMs: null, tls: null, attempts: [], error: null };
  const c = await connectAny(addresses, target.via ? target.via.port : target.port, o.timeoutMs, o.signal);
  res.attempts = c.attempts;
  res.connectMs = c.ms === null ? null : round(c.ms);
  if (!c.socket) {
    res.error = c.error;
    return res;
  }
  let socket: net.Socket = c.socket;
  if (target.via) {
    const t = performance.now();
    try {
      await proxyConnect(socket, target, o.timeoutMs, o.signal);
      res.proxyMs = round(performance.now() - t);
    } catch (err) {
      socket.destroy();
      res.error = phaseError('proxy', err, { afterMs: round(performance.now() - t) });
      return res;
    }
  }
  if (target.secure) {
    const t = performance.now();
    try {
      const h = await tlsHandshake(socket, target, o);
      res.tlsMs = round(performance.now() - t);
      res.tls = h.info;
      socket = h.socket;
      if (h.verifyError && !o.insecure) {
        socket.destroy();
        res.error = h.verifyError;
        return res;
      }
    } catch (err) {
      socket.destroy();
      res.error = phaseError('tls', err, { afterMs: round(performance.now() - t) });
      return res;
    }
  }
  res.ok = true;
  res.socket = socket;
  return res;
}
