/**
 * The main request, made with undici over the connection the lower phases opened (so the DNS,
 * connect and TLS figures belong to the same connection as the HTTP ones).
 */
import type { Socket } from 'node:net';
import request from 'undici/lib/api/api-request.js';
import Client from 'undici/lib/dispatcher/client.js';
import { redactHeaders, redactText, redactUrl } from '../redact';
import type { PhaseError, ProbeReport } from '../types';
import { errorCode, phaseError } from './errors';

export interface HttpPhaseResult {
  http: ProbeReport['http'];
  ttfbMs: number | null;
  transferMs: number | null;
  error: PhaseError | null;
  bytesRead: number;
  /** performance.now() when the last body byte arrived (or the phase failed). */
  doneAt: number;
}

/** Parses `Keep-Alive: timeout=5, max=100`; null when the header is absent. */
export function parseKeepAliveHint(value: string | undefined): { timeoutSeconds: number | null; max: number | null } | null {
  if (value === undefined) return null;
  const num = (name: string): number | null => {
    const m = new RegExp(`(?:^|[,;\\s])${name}\\s*=\\s*"?(\\d+)`, 'i').exec(value);
    return m ? Number(m[1]) : null;
  };
  return { timeoutSeconds: num('timeout'), max: num('max') };
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Watches the first bytes undici reads from `socket` to learn the status line's HTTP version,
 * which undici's response object does not expose. undici pulls with `socket.read()`, so the
 * wrapper sees the bytes without changing the stream's mode.
 */
function sniffVersion(socket: Socket): () => string | null {
  let version: string | null = null;
  const original = socket.read.bind(socket);
  socket.read = (size?: number): unknown => {
    const chunk: unknown = original(size);
    if (version === null && Buffer.isBuffer(chunk)) {
      const m = /^HTTP\/(\d(?:\.\d)?) /.exec(chunk.subarray(0, 16).toString('latin1'));
      version = m?.[1] ?? '?';
    }
    return chunk;
  };
  return () => version;
}

export async function httpPhase(socket: Socket, url: URL, o: { timeoutMs: number; maxBytes: number; signal?: AbortSignal | undefined }): Promise<HttpPhaseResult> {
  const versionOf = sniffVersion(socket);
  const startBytes = socket.bytesRead;
  let handed = false;
  const client = new Client(url.origin, {
    connect: (_opts, cb) => {
      // undici expects the callback later, as a real connect would: called synchronously, the
      // client never starts the request.
      queueMicrotask(() => {
        // One request, one connection: a second connect means the first one died.
        if (handed) cb(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }), null);
        else {
          handed = true;
          cb(null, socket);
        }
      });
    },
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    pipelining: 1,
    maxHeaderSize: 64 * 1024,
  });
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
  const t0 = performance.now();
  let ttfbMs: number | null = null;
  let http: ProbeReport['http'] = null;
  let bodyBytes = 0;
  let truncated = false;
  try {
    const res = await request.call(client, {
      method: 'GET',
      path: `${url.pathname || '/'}${url.search}`,
      headers: { host: url.host, 'user-agent': 'connection-doctor-probe/1', accept: '*/*' },
      signal,
    });
    ttfbMs = performance.now() - t0;
    const headers = flatten(res.headers);
    const location = headers.location;
    let redirect: { location: string; sameHost: boolean } | null = null;
    if (res.statusCode >= 300 && res.statusCode < 400 && location !== undefined) {
      let sameHost = false;
      let resolved = location;
      try {
        const to = new URL(location, url);
        resolved = to.toString();
        sameHost = to.host === url.host;
      } catch {
        // An unparsable Location is reported as sent.
      }
      redirect = { location: redactUrl(resolved), sameHost };
    }
    http = {
      status: res.statusCode,
      version: '1.1',
      headers: Object.fromEntries(Object.entries(redactHeaders(headers)).map(([k, v]) => [k, redactText(v)])),
      keepAliveHint: parseKeepAliveHint(headers['keep-alive']),
      connectionClose: /\bclose\b/i.test(headers.connection ?? ''),
      bodyBytes: 0,
      bodyTruncated: false,
      redirect,
    };
    try {
      for await (const chunk of res.body) {
        bodyBytes += (chunk as Buffer).length;
        if (bodyBytes >= o.maxBytes) {
          truncated = true;
          break;
        }
      }
    } finally {
      if (truncated) res.body.destroy();
    }
    const doneAt = performance.now();
    http.bodyBytes = bodyBytes;
    http.bodyTruncated = truncated;
    http.version = versionOf() ?? http.version;
    return { http, ttfbMs: round(ttfbMs), transferMs: round(doneAt - t0 - ttfbMs), error: null, bytesRead: socket.bytesRead - startBytes, doneAt };
  } catch (err) {
    const doneAt = performance.now();
    if (http) {
      http.bodyBytes = bodyBytes;
      http.version = versionOf() ?? http.version;
    }
    const timedOut = deadline.aborted && !(o.signal?.aborted ?? false);
    const code = timedOut ? 'ETIMEDOUT' : errorCode(err);
    const e = phaseError('http', err, { afterMs: round(performance.now() - t0), bytesReceived: socket.bytesRead - startBytes });
    e.code = code;
    if (timedOut) e.message = `no complete response within ${o.timeoutMs} ms (${http ? `headers after ${round(ttfbMs ?? 0)} ms, ${bodyBytes} body bytes` : 'no response headers'})`;
    return { http, ttfbMs: ttfbMs === null ? null : round(ttfbMs), transferMs: null, error: e, bytesRead: socket.bytesRead - startBytes, doneAt };
  } finally {
    await client.destroy().catch(() => undefined);
    if (!socket.destroyed) socket.destroy();
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
