/** Opt-in request checks: a POST body, `Expect: 100-continue`, and a large request. */
import type { CheckResult } from '../types';
import { requestHead } from './http1';
import { openRaw, type RawContext } from './raw';

/** Size of the large-request check's body: dozens of full-size segments at any common MTU. */
export const LARGE_REQUEST_BYTES = 64 * 1024;
/** How long to wait for `100 Continue` before sending the body anyway (curl waits 1 s). */
export const CONTINUE_WAIT_MS = 1000;

export async function postCheck(ctx: RawContext, bytes: number, o: { expectContinue?: boolean; signal?: AbortSignal | undefined }): Promise<CheckResult> {
  const t0 = performance.now();
  const c = await openRaw(ctx, o.signal);
  if (!c.ok) {
    return { bodyBytes: bytes, bytesWritten: 0, status: null, outcome: c.error.code === 'ECONNRESET' ? 'reset' : 'error', earlyResponse: false, code: c.error.code, ms: Math.round(performance.now() - t0) };
  }
  const extra: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(bytes) };
  if (o.expectContinue) extra.expect = '100-continue';
  try {
    const r = await c.conn.exchange('POST', requestHead('POST', ctx.target.url, extra), {
      body: Buffer.alloc(bytes, 0x61),
      timeoutMs: ctx.timeoutMs,
      waitContinueMs: o.expectContinue ? CONTINUE_WAIT_MS : undefined,
      signal: o.signal,
    });
    const base = { bodyBytes: bytes, bytesWritten: r.bytesWritten, earlyResponse: r.earlyResponse, ms: Math.round(performance.now() - t0) };
    const continued = o.expectContinue ? { continued: r.interim.includes(100) } : {};
    if (r.ok) return { ...base, ...continued, status: r.response.status, outcome: 'ok', code: null };
    const outcome = r.kind === 'rst' ? 'reset' : r.kind === 'fin' ? 'eof' : r.kind === 'timeout' ? 'timeout' : 'error';
    return { ...base, ...continued, status: r.status, outcome, code: r.code };
  } finally {
    c.conn.destroy();
  }
}
