/** What a probe does and how long it may take. All durations in ms, sizes in bytes. */
export interface ProbeOptions {
  /** Measure the keep-alive idle timeout (and how the close happens). */
  idle?: boolean;
  /** Upper bound of the idle measurement; default 30 000 ms. */
  maxIdleMs?: number;
  /** Requests to send on reused connections after idles around the idle timeout (0 = skip). */
  reuse?: number;
  /** Deadline of each phase (DNS, connect, TLS, one HTTP exchange); default 10 000 ms. */
  timeoutMs?: number;
  /** Send a POST with a body of this many bytes to detect an early close with unread body. */
  postBodyBytes?: number;
  /** Send a POST with `Expect: 100-continue` and check how the server handles it. */
  expectContinue?: boolean;
  /** Send a large request (64 KiB body) to detect MTU / middlebox drops of full-size packets. */
  largeRequest?: boolean;
  /** Continue past certificate errors (they are still reported). */
  insecure?: boolean;
  /** Cap on the response bytes read by all phases together; default 4 MiB. */
  maxBytes?: number;
  /**
   * Proxy to go through: a URL, `null` for a direct connection, or undefined to follow the
   * proxy environment variables the way curl does.
   */
  proxy?: string | null;
  /** Environment to read proxy variables from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Extra trusted CA certificates (PEM), e.g. a test CA. */
  ca?: string | string[];
}

export interface ResolvedOptions {
  idle: boolean;
  maxIdleMs: number;
  reuse: number;
  timeoutMs: number;
  postBodyBytes: number;
  expectContinue: boolean;
  largeRequest: boolean;
  insecure: boolean;
  maxBytes: number;
  proxy: string | null | undefined;
  env: Record<string, string | undefined>;
  ca: string | string[] | undefined;
}

export const DEFAULT_MAX_IDLE_MS = 30_000;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

function num(v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

export function resolveOptions(o: ProbeOptions): ResolvedOptions {
  return {
    idle: o.idle === true,
    maxIdleMs: num(o.maxIdleMs, DEFAULT_MAX_IDLE_MS, 100, 3_600_000),
    reuse: num(o.reuse, 0, 0, 200),
    timeoutMs: num(o.timeoutMs, DEFAULT_TIMEOUT_MS, 50, 600_000),
    postBodyBytes: num(o.postBodyBytes, 0, 0, 1024 * 1024 * 1024),
    expectContinue: o.expectContinue === true,
    largeRequest: o.largeRequest === true,
    insecure: o.insecure === true,
    maxBytes: num(o.maxBytes, DEFAULT_MAX_BYTES, 1024, 1024 * 1024 * 1024),
    proxy: o.proxy,
    env: o.env ?? process.env,
    ca: o.ca,
  };
}

/** Progress of a running probe, for status bars and spinners. */
export interface ProbeProgress {
  phase: string;
  message: string;
}
