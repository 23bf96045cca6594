import type { PhaseError } from '../types';

/** Raised inside a phase when its own deadline passes; turned into data before leaving the probe. */
export class PhaseTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what} did not complete within ${ms} ms`);
    this.name = 'PhaseTimeoutError';
  }
}

/** Raised when the caller's AbortSignal fires. */
export class ProbeAbortedError extends Error {
  readonly code = 'ABORTED';
  constructor() {
    super('the probe was cancelled');
    this.name = 'ProbeAbortedError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * The most specific error code in an error and its `cause` chain (undici and fetch wrap the
 * socket error: `TypeError: fetch failed` → `cause.code === 'ECONNRESET'`). Socket-level codes win
 * over wrapper codes because they say what the peer did.
 */
export function errorCode(err: unknown): string {
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 8 && isRecord(e); depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = e.cause;
  }
  const socketLevel = codes.find((c) => /^E[A-Z]+$/.test(c));
  return socketLevel ?? codes[0] ?? (err instanceof Error ? err.name : 'UNKNOWN');
}

/** The message of an error, with the innermost cause appended when it adds something. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let inner: unknown = err.cause;
  let last: Error | null = null;
  for (let depth = 0; depth < 8 && inner instanceof Error; depth++) {
    last = inner;
    inner = inner.cause;
  }
  return last && last.message && last.message !== err.message ? `${err.message}: ${last.message}` : err.message;
}

export function phaseError(phase: PhaseError['phase'], err: unknown, extra: Partial<PhaseError> = {}): PhaseError {
  return { phase, code: errorCode(err), message: errorMessage(err), ...extra };
}

/** True for codes that mean "the peer (or something between) reset the connection". */
export function isResetCode(code: string): boolean {
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED';
}

/** True for codes that mean an orderly close (FIN) where a response was expected. */
export function isEofCode(code: string): boolean {
  return code === 'EOF' || code === 'UND_ERR_SOCKET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

export function isTimeoutCode(code: string): boolean {
  return code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** Resolves after `ms`, or rejects with ProbeAbortedError when `signal` fires first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProbeAbortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ProbeAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `work` with a deadline: rejects with PhaseTimeoutError after `ms` or ProbeAbortedError on
 * `signal`, and calls `cleanup` (e.g. destroy the socket) whenever `work` does not settle first.
 */
export function withDeadline<T>(what: string, ms: number, signal: AbortSignal | undefined, work: Promise<T>, cleanup: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => finish(() => { cleanup(); reject(new ProbeAbortedError()); });
    const timer = setTimeout(() => finish(() => { cleanup(); reject(new PhaseTimeoutError(what, ms)); }), ms);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then((v) => finish(() => resolve(v)), (e: unknown) => finish(() => reject(e instanceof Error ? e : new Error(String(e)))));
  });
}
