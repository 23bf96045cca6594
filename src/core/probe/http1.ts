/**
 * A small HTTP/1.1 client over a raw socket, for the measurements that need exact control of the
 * connection (idle timeout, reuse race, body and Expect checks): we decide when bytes go out and
 * we see every close, FIN or RST, as it happens. The main request uses undici instead.
 */
import type { Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** `1.1`, `1.0`... from the status line. */
  version: string;
  headers: Record<string, string>;
  bodyBytes: number;
  /** Whether the connection may carry another request after this response. */
  reusable: boolean;
}

/** How a connection ended, as seen by us. `fin`: orderly close ('end'); `rst`: ECONNRESET/EPIPE. */
export type CloseKind = 'fin' | 'rst' | 'other';

export class ProtocolError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const MAX_HEAD_BYTES = 64 * 1024;

type BodyMode = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked'; state: 'size' | 'data' | 'data-crlf' | 'trailer'; left: number } | { kind: 'close' };

/** Incremental response parser; `push` returns the response once complete. */
export class ResponseParser {
  private head = Buffer.alloc(0);
  private response: RawResponse | null = null;
  private body: BodyMode = { kind: 'none' };
  private line = '';
  /** Interim 1xx responses seen (e.g. 100 Continue). */
  readonly interim: number[] = [];

  constructor(private readonly method: string) {}

  /** Feeds bytes; returns the finished response, or null when more bytes are needed. */
  push(chunk: Buffer): RawResponse | null {
    let data = chunk;
    while (data.length > 0 || (this.response && this.body.kind === 'none')) {
      if (!this.response) {
        this.head = Buffer.concat([this.head, data]);
        const end = this.head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.head.length > MAX_HEAD_BYTES) throw new ProtocolError('HEADERS_TOO_LARGE', `response head larger than ${MAX_HEAD_BYTES} bytes`);
          return null;
        }
        const text = this.head.subarray(0, end).toString('latin1');
        data = this.head.subarray(end + 4);
        this.head = Buffer.alloc(0);
        const parsed = parseHead(text);
        if (parsed.status >= 100 && parsed.status < 200 && parsed.status !== 101) {
          this.interim.push(parsed.status);
          continue;
        }
        this.response = parsed;
        this.body = bodyMode(this.method, parsed);
        if (this.body.kind === 'close') parsed.reusable = false;
        continue;
      }
      if (this.body.kind === 'none') return this.response;
      data = this.consumeBody(data);
      if (this.isDone()) return this.response;
    }
    return null;
  }

  /** True once headers are in and the interim 1xx list or the final status can be read. */
  get headersReceived(): boolean {
    return this.response !== null;
  }

  get status(): number | null {
    return this.response?.status ?? null;
  }

  /** At EOF: a body delimited by the close is complete; anything else is truncated. */
  finishAtEof(): RawResponse | null {
    if (this.response && this.body.kind === 'close') return this.response;
    return null;
  }

  private isDone(): boolean {
    const b = this.body;
    return b.kind === 'none' || (b.kind === 'length' && b.left === 0);
  }

  private consumeBody(data: Buffer): Buffer {
    const r = this.response;
    const b = this.body;
    if (!r) return Buffer.alloc(0);
    if (b.kind === 'close') {
      r.bodyBytes += data.length;
      return Buffer.alloc(0);
    }
    if (b.kind === 'length') {
      const take = Math.min(b.left, data.length);
      b.left -= take;
      r.bodyBytes += take;
      return data.subarray(take);
    }
    if (b.kind !== 'chunked') return Buffer.alloc(0);
    let i = 0;
    while (i < data.length) {
      if (b.state === 'data') {
        const take = Math.min(b.left, data.length - i);
        b.left -= take;
        r.bodyBytes += take;
        i += take;
        if (b.left === 0) b.state = 'data-crlf';
        continue;
      }
      const nl = data.indexOf(0x0a, i);
      if (nl < 0) {
        this.line += data.subarray(i).toString('latin1');
        if (this.line.length > 4096) throw new ProtocolError('BAD_CHUNK', 'chunk line too long');
        return Buffer.alloc(0);
      }
      const line = (this.line + data.subarray(i, nl).toString('latin1')).replace(/\r$/, '');
      this.line = '';
      i = nl + 1;
      if (b.state === 'data-crlf') {
        b.state = 'size';
      } else if (b.state === 'size') {
        const size = Number.parseInt(line.split(';')[0] ?? '', 16);
        if (!Number.isFinite(size) || size < 0) throw new ProtocolError('BAD_CHUNK', `bad chunk size line '${line.slice(0, 40)}'`);
        if (size === 0) b.state = 'trailer';
        else {
          b.state = 'data';
          b.left = size;
        }
      } else if (line === '') {
        this.body = { kind: 'none' };
        return data.subarray(i);
      }
    }
    return Buffer.alloc(0);
  }
}

function parseHead(text: string): RawResponse {
  const lines = text.split('\r\n');
  const m = /^HTTP\/(\d\.\d) (\d{3})/.exec(lines[0] ?? '');
  if (!m) throw new ProtocolError('BAD_STATUS_LINE', `not an HTTP response: '${(lines[0] ?? '').slice(0, 60)}'`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const version = m[1] ?? '1.1';
  const conn = (headers.connection ?? '').toLowerCase();
  const reusable = version === '1.0' ? /\bkeep-alive\b/.test(conn) : !/\bclose\b/.test(conn);
  return { status: Number(m[2]), version, headers, bodyBytes: 0, reusable };
}

function bodyMode(method: string, r: RawResponse): BodyMode {
  if (method === 'HEAD' || r.status === 204 || r.status === 304) return { kind: 'none' };
  if (/\bchunked\b/i.test(r.headers['transfer-encoding'] ?? '')) return { kind: 'chunked', state: 'size', left: 0 };
  const cl = r.headers['content-length'];
  if (cl !== undefined) {
    const n = Number(cl);
    if (!Number.isSafeInteger(n) || n < 0) throw new ProtocolError('BAD_CONTENT_LENGTH', `bad Content-Length '${cl.slice(0, 40)}'`);
    return n === 0 ? { kind: 'none' } : { kind: 'length', left: n };
  }
  return { kind: 'close' };
}

/** Builds a request head (no body). Header values must already be safe (no CR/LF). */
export function requestHead(method: string, url: URL, extra: Record<string, string> = {}): string {
  const path = `${url.pathname || '/'}${url.search}`;
  const headers: Record<string, string> = { host: url.host, 'user-agent': 'connection-doctor-probe/1', accept: '*/*', ...extra };
  let out = `${method} ${path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) out += `${k}: ${v.replace(/[\r\n]/g, ' ')}\r\n`;
  return `${out}\r\n`;
}

export type ExchangeOutcome =
  | { ok: true; response: RawResponse; interim: number[]; at: number; bytes: number; earlyResponse: boolean; bytesWritten: number }
  | { ok: false; kind: CloseKind | 'timeout' | 'protocol'; code: string; message: string; at: number; bytes: number; status: number | null; interim: number[]; bytesWritten: number; earlyResponse: boolean };

/** Response bytes all connections of one probe may still read together. */
export interface ByteBudget {
  left: number;
}

/** What happened to a connection while it sat idle. */
export type IdleOutcome = { closed: false } | { closed: true; kind: CloseKind; code: string; at: number };

/**
 * One kept-alive raw connection. Tracks the close (FIN or RST) even while no request is in
 * flight, so an idle close is seen the moment it arrives rather than on the next write.
 */
export class RawConn {
  /** performance.now() when the last response completed: the start of the current idle period. */
  idleSince = 0;
  bytesRead = 0;
  private closeInfo: { kind: CloseKind; code: string; at: number } | null = null;
  private waiters: (() => void)[] = [];
  private parser: ResponseParser | null = null;
  private onData: ((chunk: Buffer) => void) | null = null;

  constructor(readonly socket: Socket, private readonly budget: ByteBudget) {
    socket.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
      this.budget.left -= chunk.length;
      if (this.onData) this.onData(chunk);
      if (this.budget.left < 0) this.markClosed('other', 'BYTES_CAP');
    });
    socket.on('end', () => this.markClosed('fin', 'EOF'));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      this.markClosed(code === 'ECONNRESET' || code === 'EPIPE' ? 'rst' : 'other', code);
    });
    socket.on('close', () => this.markClosed('other', 'CLOSED'));
    socket.setNoDelay(true);
  }

  get closed(): { kind: CloseKind; code: string; at: number } | null {
    return this.closeInfo;
  }

  private markClosed(kind: CloseKind, code: string): void {
    if (!this.closeInfo) this.closeInfo = { kind, code, at: performance.now() };
    if (!this.socket.destroyed && (code === 'BYTES_CAP' || kind === 'fin')) this.socket.destroy();
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits up to `ms` (or `signal`) for the connection to close by itself. */
  waitIdle(ms: number, signal?: AbortSignal): Promise<IdleOutcome> {
    return new Promise((resolve) => {
      // Declared before `done`: it may run at once (already closed or aborted), before any timer.
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const c = this.closeInfo;
        resolve(c ? { closed: true, kind: c.kind, code: c.code, at: c.at } : { closed: false });
      };
      if (this.closeInfo || signal?.aborted) {
        done();
        return;
      }
      timer = setTimeout(done, Math.max(0, ms));
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Sends one request (head, then an optional body) and reads the response. `waitContinueMs`
   * holds the body back until `100 Continue` arrives or that long passes, as curl does.
   */
  exchange(method: string, head: string, opts: { body?: Buffer; timeoutMs: number; waitContinueMs?: number; signal?: AbortSignal }): Promise<ExchangeOutcome> {
    const bytesAtStart = this.bytesRead;
    return new Promise((resolve) => {
      const parser = new ResponseParser(method);
      this.parser = parser;
      let bytesWritten = 0;
      let bodyDone = !opts.body;
      let earlyResponse = false;
      let settled = false;
      let continueTimer: NodeJS.Timeout | null = null;
      let completeEarly: RawResponse | null = null;
      const bodyFinished = (): void => {
        bodyDone = true;
        if (completeEarly) {
          // Give a reset that follows the early answer a moment to arrive.
          const r = completeEarly;
          setTimeout(() => {
            if (this.closeInfo && this.closeInfo.kind !== 'fin') return;
            this.idleSince = performance.now();
            finish({ ok: true, response: r, interim: parser.interim, at: this.idleSince, bytes: this.bytesRead - bytesAtStart, earlyResponse, bytesWritten });
          }, 50);
        }
      };
      const finish = (o: ExchangeOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (continueTimer) clearTimeout(continueTimer);
        signal?.removeEventListener('abort', onAbort);
        this.onData = null;
        this.parser = null;
        const i = this.waiters.indexOf(onClose);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(o);
      };
      const fail = (kind: CloseKind | 'timeout' | 'protocol', code: string, message: string): void =>
        finish({ ok: false, kind, code, message, at: performance.now(), bytes: this.bytesRead - bytesAtStart, status: parser.status, interim: parser.interim, bytesWritten, earlyResponse });
      const onClose = (): void => {
        const c = this.closeInfo;
        if (!c) return;
        const eofResponse = c.kind === 'fin' ? (completeEarly ?? parser.finishAtEof()) : null;
        if (eofResponse) {
          this.idleSince = performance.now();
          finish({ ok: true, response: eofResponse, interim: parser.interim, at: this.idleSince, bytes: this.bytesRead - bytesAtStart, earlyResponse, bytesWritten });
          return;
        }
        const what = c.kind === 'fin' ? 'the peer closed the connection (FIN)' : c.kind === 'rst' ? 'the connection was reset (RST)' : `the connection failed (${c.code})`;
        fail(c.kind, c.code, `${what} ${parser.headersReceived ? 'in the middle of the response' : 'before a response'}`);
      };
      const signal = opts.signal;
      const onAbort = (): void => fail('other', 'ABORTED', 'the probe was cancelled');
      const timer = setTimeout(() => fail('timeout', 'ETIMEDOUT', `no complete response within ${opts.timeoutMs} ms`), opts.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.closeInfo) {
        onClose();
        return;
      }
      this.waiters.push(onClose);
      this.onData = (chunk) => {
        try {
          const r = parser.push(chunk);
          if (!bodyDone && (parser.headersReceived || parser.interim.some((s) => s !== 100))) earlyResponse = true;
          if (!bodyDone && parser.interim.includes(100) && continueTimer) sendBody();
          if (r && !bodyDone) {
            // Answered before the body was sent: keep sending, as clients do, to see whether
            // the server then resets the connection (early close with unread body).
            completeEarly = r;
          } else if (r) {
            this.idleSince = performance.now();
            finish({ ok: true, response: r, interim: parser.interim, at: this.idleSince, bytes: this.bytesRead - bytesAtStart, earlyResponse, bytesWritten });
          }
        } catch (err) {
          const e = err instanceof ProtocolError ? err : new ProtocolError('PROTOCOL', String(err));
          fail('protocol', e.code, e.message);
          this.socket.destroy();
        }
      };
      const sendBody = (): void => {
        if (continueTimer) clearTimeout(continueTimer);
        continueTimer = null;
        const body = opts.body;
        if (!body || this.socket.destroyed) return;
        // Chunks of 16 KiB so that bytesWritten says how far the body got before an early answer.
        const step = 16 * 1024;
        const writeFrom = (offset: number): void => {
          if (settled || this.socket.destroyed) return;
          if (offset >= body.length) {
            bodyFinished();
            return;
          }
          const part = body.subarray(offset, offset + step);
          const ok = this.socket.write(part, (err) => {
            if (!err) bytesWritten += part.length;
          });
          if (ok) setImmediate(() => writeFrom(offset + step));
          else this.socket.once('drain', () => writeFrom(offset + step));
        };
        writeFrom(0);
      };
      this.socket.write(head, (err) => {
        if (err || !opts.body) return;
        if (opts.waitContinueMs !== undefined) continueTimer = setTimeout(sendBody, opts.waitContinueMs);
        else sendBody();
      });
    });
  }

  destroy(): void {
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
