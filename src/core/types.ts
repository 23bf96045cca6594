/**
 * Shared vocabulary of the core: the error classes, findings, cause and fix ids, and the probe's
 * result. Every other module (detector, causes, probe, fixes, CLI, editor glue) speaks these types.
 */

/** The classes a finding can belong to. The names are part of the CLI's JSON contract. */
export const ERROR_CLASSES = [
  'reset',
  'eof_closed',
  'broken_pipe',
  'refused',
  'timeout',
  'tls',
  'dns',
  'host_unreachable',
  'proxy',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Where a failing request went. `url` is set only when the text carried a full URL. */
export interface Endpoint {
  url: string | null;
  host: string;
  /** TCP port, or null when neither the text nor the URL scheme gives one. */
  port: number | null;
}

/** Context the text gives about the moment of failure. */
export const HINTS = [
  'reused_connection',
  'tls_handshake',
  'reading_headers',
  'reading_body',
  'writing_body',
  'connecting',
  'idle_connection',
  'proxy_tunnel',
  'upstream',
] as const;
export type Hint = (typeof HINTS)[number];

/** One occurrence of a network error in a text. Lines and columns are 1-based. */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The primary class; `classes` lists every class the excerpt shows, primary first. */
  class: ErrorClass;
  classes: ErrorClass[];
  runtime: string;
  /** Id of the catalog signature that matched, e.g. `go.read-reset`. */
  signature: string;
  /** Symbolic errno when known (`ECONNRESET`, `WSAECONNRESET`, `CURLE_RECV_ERROR`), else null. */
  errno: string | null;
  endpoint: Endpoint | null;
  /** HTTP method of the failing request when the text names it (upper case). */
  method: string | null;
  hints: Hint[];
  /** The matched text (one line; the first line of a multi-line trace). */
  text: string;
  /** Epoch ms parsed from the line's timestamp, when it has one. */
  timestamp: number | null;
}

/** Stable ids of the causes in the knowledge base (src/core/causes/). */
export const CAUSE_IDS = [
  'keepalive-idle-race',
  'middlebox-idle-timeout',
  'server-overload',
  'early-close-unread-body',
  'tls-handshake-rejected',
  'proxy-reset',
  'expect-continue',
  'mtu-blackhole',
  'peer-crash-restart',
  'firewall-reject',
  'broken-pipe-peer-closed',
  'service-not-listening',
  'request-timeout',
  'dns-resolution',
  'host-unreachable',
  'tls-certificate',
  'proxy-misconfigured',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/** A cause with the confidence (0..1) the evidence gives it, and that evidence in words. */
export interface RankedCause {
  id: CauseId;
  confidence: number;
  evidence: string[];
}

/** Stable ids of the fixes the fix engine can apply. */
export const FIX_IDS = ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive', 'retry-idempotent', 'expect-header'] as const;
export type FixId = (typeof FIX_IDS)[number];

export type FixLanguage = 'go' | 'php' | 'node';

/** Parameters a fix takes; all durations in ms. */
export interface FixParams {
  /** The server's (measured or assumed) keep-alive idle timeout. */
  serverIdleMs?: number;
  /** The client idle timeout to set; derived from `serverIdleMs` when absent. */
  clientIdleMs?: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  tcpKeepAliveMs?: number;
  maxRetries?: number;
}

export interface Recommendation {
  fix: FixId;
  params: FixParams;
}

/** A failure of one probe phase, as data. */
export interface PhaseError {
  phase: 'dns' | 'tcp' | 'tls' | 'http' | 'idle' | 'reuse' | 'proxy' | 'input';
  code: string;
  message: string;
  /** Time from the start of the phase to the failure, ms (probe only). */
  afterMs?: number;
  /** Response bytes received on the connection before the failure (probe only). */
  bytesReceived?: number;
}

export type RetrySafety = 'safe' | 'unsafe' | 'unknown';

export interface RetryVerdict {
  verdict: RetrySafety;
  /** Why, citing RFC 9110 §9.2.2 where it applies. */
  reason: string;
}

/** A regular idle period inferred from the timestamps of repeated findings. */
export interface Cadence {
  /** Median gap between consecutive findings of the same endpoint/class, ms. */
  periodMs: number;
  /** Smallest gap seen, ms: "resets come after >= minGapMs of idle". */
  minGapMs: number;
  /** Number of findings the inference used. */
  samples: number;
  /** 0..1: how regular the gaps are (1 = identical gaps). */
  regularity: number;
  /** One sentence for people, e.g. "resets come every ~60 s (8 samples)". */
  description: string;
}

/** TLS facts the probe gathered (null in the report when the URL is plain http). */
export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  sni: string | null;
  authorized: boolean;
  authorizationError: string | null;
  certificates: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    daysLeft: number;
    selfSigned: boolean;
  }[];
  hostnameMatch: boolean | null;
}

/**
 * The probe's report. Its JSON form is the `connection-doctor probe --json` contract: the fields
 * named in the issue must keep their names and shapes.
 */
export interface ProbeReport {
  url: string;
  addresses: string[];
  phases: { dnsMs: number | null; connectMs: number | null; tlsMs: number | null; ttfbMs: number | null; totalMs: number | null };
  tls: TlsInfo | null;
  http: {
    status: number;
    version: string;
    headers: Record<string, string>;
    keepAliveHint: { timeoutSeconds: number | null; max: number | null } | null;
    connectionClose: boolean;
    /** Response body bytes read, and whether the byte cap stopped the read. */
    bodyBytes?: number;
    bodyTruncated?: boolean;
    /** A redirect the probe reported but did not follow. */
    redirect?: { location: string; sameHost: boolean } | null;
  } | null;
  keepAlive: {
    idleTimeoutMs: number | null;
    closeKind: 'fin' | 'rst' | null;
    lowerBoundMs: number | null;
    wallMs: number;
    /** How the figure was found: a close seen while idle (exact) or probes bracketing it. */
    method?: 'passive' | 'bracket' | 'none';
    /** Bracket [aliveMs, deadMs] when measured by probing; connections used. */
    bracketMs?: [number, number] | null;
    connections?: number;
    /** Why nothing was measured (e.g. the server answers Connection: close). */
    note?: string | null;
  } | null;
  reuse: {
    attempts: number;
    resets: number;
    eofs: number;
    /** The same request on fresh connections, for comparison. */
    fresh?: { attempts: number; resets: number; eofs: number };
    /** Idle durations used before each reused request, ms. */
    idlesMs?: number[];
    /** The idle durations after which a reused request failed (reset or EOF), ms. */
    failedIdlesMs?: number[];
  } | null;
  /** Each DNS address and its TCP connect time or failure (probe only). */
  connects?: { address: string; ms: number | null; error: string | null }[];
  /** Proxy environment and whether the probe went through a proxy. */
  proxy?: ProxyInfo;
  /** Results of the opt-in checks. */
  checks?: ProbeChecks;
  error: PhaseError | null;
  causes: RankedCause[];
  recommendations: Recommendation[];
}

/** Proxy variables (values redacted) and the proxy a curl-like client would use for the URL. */
export interface ProxyInfo {
  variables: Record<string, string>;
  /** The proxy used (redacted), or null for a direct connection. */
  url: string | null;
  /** Which variable (or `option`/`none`) decided. */
  source: string;
  reason: string;
}

/** One opt-in request check: what was sent and how it ended. */
export interface CheckResult {
  /** Body bytes offered and actually written before the outcome. */
  bodyBytes: number;
  bytesWritten: number;
  status: number | null;
  outcome: 'ok' | 'reset' | 'eof' | 'timeout' | 'error';
  /** The server answered before the request body was fully sent. */
  earlyResponse: boolean;
  code: string | null;
  ms: number;
  /** Expect: 100-continue only: whether `100 Continue` arrived before the body was sent. */
  continued?: boolean;
}

export interface ProbeChecks {
  post?: CheckResult;
  expectContinue?: CheckResult;
  largeRequest?: CheckResult;
}
