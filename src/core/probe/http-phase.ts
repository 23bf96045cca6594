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

/** The response as it arrived; turned into the report's form after the measured window. */
interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function describeResponse(res: RawResponse, url: URL): NonNullable<ProbeReport['http']> {
  const headers = flatten(res.headers);
  const location = headers.location;
  let redirect: { location: string; sameHost: boolean } | null = null;
  if (res.status >= 300 && res.status < 400 && location !== undefined) {
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
  return {
    status: res.status,
    version: '1.1',
    headers: Object.fromEntries(Object.entries(redactHeaders(headers)).map(([k, v]) => [k, redactText(v)])),
    keepAliveHint: parseKeepAliveHint(headers['keep-alive']),
    connectionClose: /\bclose\b/i.test(headers.connection ?? ''),
    bodyBytes: 0,
    bodyTruncated: false,
    redirect,
  };
}

/**
 * Counts the body's bytes into `count` up to `maxBytes` (then stops reading: `truncated`). Plain stream events
 * rather than `for await`: the async iterator costs several extra ticks per response, inside the
 * measured window. Rejects as the iterator would: with the stream's error, or with
 * ERR_STREAM_PREMATURE_CLOSE when it closes before its end.
 */
function drain(body: NodeJS.ReadableStream & { destroy(): void }, maxBytes: number, count: { bytes: number }): Promise<{ truncated: boolean }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      body.removeListener('data', onData);
      fn();
    };
    const onData = (chunk: Buffer): void => {
      count.bytes += chunk.length;
      if (count.bytes >= maxBytes) {
        settle(() => resolve({ truncated: true }));
        body.destroy();
      }
    };
    body.on('data', onData);
    body.once('end', () => settle(() => resolve({ truncated: false })));
    // Stays attached: an error after the end (or after truncation) must not crash the process.
    body.on('error', (err: Error) => settle(() => reject(err)));
    body.once('close', () => settle(() => reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }))));
  });
}

/**
 * undici compiles its HTTP parser (llhttp, WebAssembly) synchronously on its first connection,
 * which would put a millisecond or more of compilation inside the measured window of the first
 * probe in a process (curl's parser is compiled before its clock starts). V8 keeps compiled
 * modules in a process-wide cache keyed by their bytes: compiling the same bytes here, ahead of
 * the window, makes undici's own compile a cache hit while this module stays referenced.
 * Mirrors undici's choice: the SIMD build unless UNDICI_NO_WASM_SIMD=1 (or it fails to compile).
 */
let parserModule: Promise<object | null> | null = null;

/** The one WebAssembly call used here (the ES lib core compiles against does not declare the API). */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }).WebAssembly;

/** Compiles undici's HTTP parser in the background once per process; resolves when it is ready. */
export function prepareHttpParser(): Promise<unknown> {
  parserModule ??= (async () => {
    // require(), not import(): esbuild's ES-module interop would copy the exported Buffer into an
    // object index by index, 54 000 properties (tens of ms). Lazy, so that only one build decodes.
    /* eslint-disable @typescript-eslint/no-require-imports */
    if (process.env.UNDICI_NO_WASM_SIMD !== '1' && process.arch !== 'ppc64') {
      try {
        return await wasm.compile(require('undici/lib/llhttp/llhttp_simd-wasm.js') as Buffer);
      } catch {
        // No SIMD here: undici falls back to the plain build, and so do we.
      }
    }
    return await wasm.compile(require('undici/lib/llhttp/llhttp-wasm.js') as Buffer);
    /* eslint-enable @typescript-eslint/no-require-imports */
  })().catch(() => null);
  return parserModule;
}

export interface HttpOptions {
  /** Deadline of the exchange, from the hand-over of the connection to the last byte, ms. */
  timeoutMs: number;
  /** Response bytes read at most. */
  maxBytes: number;
  signal?: AbortSignal | undefined;
}

/** The main request, built and queued before the connection exists. */
export interface PreparedRequest {
  /** Sends the request on `socket` (ready for HTTP) and reads the response; called once. */
  send(socket: Socket): Promise<HttpPhaseResult>;
  /** Drops the request if it was never sent (no connection came); harmless after send(). */
  cancel(): Promise<void>;
}

/**
 * Builds undici's client and request for `url` and queues the request; undici then waits for
 * the connection that send() hands over. Done before the probe's clock starts, as curl sets up
 * its request before its own: the measured window holds the exchange, not the making of objects.
 */
export function prepareRequest(url: URL, o: HttpOptions): PreparedRequest {
  let handOver: (socket: Socket) => void = () => undefined;
  let refuse: (err: Error) => void = () => undefined;
  const connection = new Promise<Socket>((resolve, reject) => {
    handOver = resolve;
    refuse = reject;
  });
  let handed = false;
  const client = new Client(url.origin, {
    connect: (_opts, cb) => {
      // One request, one connection: a second connect means the first one died.
      if (handed) {
        queueMicrotask(() => cb(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }), null));
        return;
      }
      handed = true;
      connection.then((socket) => cb(null, socket), (err: Error) => cb(err, null));
    },
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    pipelining: 1,
    maxHeaderSize: 64 * 1024,
  });
  // One controller and one timer rather than AbortSignal.timeout() + AbortSignal.any(): same
  // effect, without their weak references and finalizers on every request.
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  if (o.signal?.aborted) abort.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const response = request.call(client, {
    method: 'GET',
    path: `${url.pathname || '/'}${url.search}`,
    headers: { host: url.host, 'user-agent': 'connection-doctor-probe/1', accept: '*/*' },
    signal: abort.signal,
  });
  // Observed by send(); a request that is cancelled before it is sent rejects unobserved.
  response.catch(() => undefined);
  let sent = false;
  const release = async (): Promise<void> => {
    o.signal?.removeEventListener('abort', onAbort);
    await client.destroy().catch(() => undefined);
  };

  return {
    async cancel() {
      if (sent) return;
      sent = true;
      abort.abort();
      refuse(Object.assign(new Error('no connection to send the request on'), { code: 'ABORTED' }));
      await release();
    },

    async send(socket) {
      if (sent) throw new Error('the request was already sent or cancelled');
      sent = true;
      const versionOf = sniffVersion(socket);
      const startBytes = socket.bytesRead;
      let timedOut = false;
      const deadline = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, o.timeoutMs);
      const t0 = performance.now();
      handOver(socket);
      let ttfbMs: number | null = null;
      let res: RawResponse | null = null;
      const body = { bytes: 0 };
      try {
        const r = await response;
        ttfbMs = performance.now() - t0;
        res = { status: r.statusCode, headers: r.headers };
        const { truncated } = await drain(r.body, o.maxBytes, body);
        const doneAt = performance.now();
        // Everything below is reporting, after the last byte: it is not part of the timings.
        const http = describeResponse(res, url);
        http.bodyBytes = body.bytes;
        http.bodyTruncated = truncated;
        http.version = versionOf() ?? http.version;
        return { http, ttfbMs: round(ttfbMs), transferMs: round(doneAt - t0 - ttfbMs), error: null, bytesRead: socket.bytesRead - startBytes, doneAt };
      } catch (err) {
        const doneAt = performance.now();
        const http = res ? describeResponse(res, url) : null;
        if (http) {
          http.bodyBytes = body.bytes;
          http.version = versionOf() ?? http.version;
        }
        const userAborted = o.signal?.aborted ?? false;
        const code = timedOut && !userAborted ? 'ETIMEDOUT' : errorCode(err);
        const e = phaseError('http', err, { afterMs: round(doneAt - t0), bytesReceived: socket.bytesRead - startBytes });
        e.code = code;
        if (timedOut && !userAborted) e.message = `no complete response within ${o.timeoutMs} ms (${http ? `headers after ${round(ttfbMs ?? 0)} ms, ${body.bytes} body bytes` : 'no response headers'})`;
        return { http, ttfbMs: ttfbMs === null ? null : round(ttfbMs), transferMs: null, error: e, bytesRead: socket.bytesRead - startBytes, doneAt };
      } finally {
        clearTimeout(deadline);
        await release();
        if (!socket.destroyed) socket.destroy();
      }
    },
  };
}

/** The main request on an open connection: prepareRequest() and send() in one go. */
export function httpPhase(socket: Socket, url: URL, o: HttpOptions): Promise<HttpPhaseResult> {
  return prepareRequest(url, o).send(socket);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
