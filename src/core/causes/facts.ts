/**
 * Turns findings, a cadence and a probe report into the facts the cause modules weigh. Gathered
 * once per ranking so that each cause only looks things up.
 */
import type { Cadence, ErrorClass, Finding, Hint, ProbeReport } from '../types';

/**
 * Phrases and codes in a finding's text (or errno) that point at a particular cause. The
 * detector has already decided that the line is a network error; these only refine which one.
 * Each pattern is a flat alternation without nested quantifiers, so matching stays linear.
 */
const MARKERS = {
  goIdleClosed: /server closed idle connection/i,
  undiciOtherSide: /other side closed|UND_ERR_SOCKET/i,
  hangUp: /socket hang up/i,
  remoteDisconnected: /RemoteDisconnected|Remote end closed connection without response|ServerDisconnectedError|Server disconnected/i,
  emptyReply: /Empty reply from server|CURLE_GOT_NOTHING|curl: \(52\)/i,
  noResponse: /NoHttpResponseException|failed to respond|unexpected end of stream|response ended prematurely\.|end of file reached|closed BEFORE response/i,
  upstreamPremature: /upstream prematurely closed|prematurely closed connection/i,
  upstreamHeader: /while reading response header from upstream/i,
  upstreamConnect: /while connecting to upstream/i,
  expect: /100-continue|Expectation Failed|\b417\b/i,
  tooLarge: /\b413\b|Entity Too Large|Payload Too Large|Content Too Large|too large body/i,
  certificate: /certificate|x509|CERT_|self[- ]signed|unknown authority|unable to get local issuer|altname|does not match|PKIX|trust anchor|verify failed/i,
  tlsRejected: /handshake failure|alert|protocol version|no protocols available|unsupported protocol|no shared cipher|unexpected eof while reading|SSL_ERROR_SYSCALL|before secure TLS connection|SSL_connect|handshake/i,
  notTls: /wrong version number|packet length too long|HTTP response to HTTPS client|plain HTTP request was sent to HTTPS|first record does not look like a TLS handshake/i,
  proxyAuth: /\b407\b|Proxy Authentication Required/i,
  proxyTunnel: /Proxy CONNECT aborted|CONNECT tunnel failed|tunnel connection failed|from proxy after CONNECT|proxyconnect tcp|tunneling socket could not be established/i,
  proxyResolve: /resolve proxy|COULDNT_RESOLVE_PROXY/i,
  proxyWord: /\bproxy\b|_PROXY\b/i,
  overload: /too many open files|EMFILE|ENFILE|worker_connections are not enough|\b503\b|Service Unavailable|no live upstreams|SYN flooding|too many connections|server is busy|queue is full|backlog/i,
  restart: /SIGTERM|SIGKILL|shutting down|shutdown in progress|graceful|restart|OOMKilled|out of memory|segfault|panic:|core dumped|terminated|worker process \d+ exited/i,
  netUnreach: /Network is unreachable|ENETUNREACH|network unreachable/i,
  hostUnreach: /No route to host|EHOSTUNREACH|Host is unreachable|host unreachable/i,
  prohibited: /administratively prohibited|prohibited|blocked by|denied by|firewall|EACCES|EPERM|Operation not permitted/i,
  mtu: /\bMTU\b|EMSGSIZE|Message too long|fragmentation needed|packet too big/i,
  dnsTemporary: /EAI_AGAIN|Temporary failure in name resolution|SERVFAIL|server misbehaving/i,
  dnsMissing: /ENOTFOUND|NXDOMAIN|no such host|Name or service not known|nodename nor servname|Could not resolve host|Unknown host|Name does not resolve|UnknownHostException/i,
  connectTimeout: /connect(?:ion)? timed out|connect timeout|UND_ERR_CONNECT_TIMEOUT|ConnectTimeout|Connection timed out|ETIMEDOUT|CURLE_COULDNT_CONNECT/i,
  responseTimeout: /read timed out|Read timeout|headers timeout|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|Operation timed out after|context deadline exceeded|Client\.Timeout exceeded|ESOCKETTIMEDOUT|upstream timed out/i,
} as const;

export type MarkerId = keyof typeof MARKERS;

/** What each marker means, completing "the error …" in evidence strings. */
export const MARKER_WORDS: Record<MarkerId, string> = {
  goIdleClosed: `says "server closed idle connection" (Go: the pooled connection was closed by the server while idle)`,
  undiciOtherSide: `says "other side closed" (undici: the server closed a pooled connection)`,
  hangUp: `says "socket hang up" (Node: the connection ended before any response)`,
  remoteDisconnected: 'says the remote end closed the connection without a response (Python)',
  emptyReply: 'is curl 52 "Empty reply from server": the connection closed before any byte of a response',
  noResponse: 'says the connection ended before any response (Apache HttpClient, OkHttp, .NET, Ruby and Reactor Netty word a stale pooled connection this way)',
  upstreamPremature: 'says the upstream closed the connection in the middle of the exchange (proxy log)',
  upstreamHeader: 'happened while the proxy read response headers from its upstream',
  upstreamConnect: 'happened while the proxy connected to its upstream',
  expect: 'mentions Expect: 100-continue or status 417',
  tooLarge: 'mentions 413 / a request body that is too large',
  certificate: 'names a certificate problem',
  tlsRejected: 'names a TLS handshake failure or alert',
  notTls: 'shows the peer did not speak TLS (plain HTTP on a TLS connection, or the reverse)',
  proxyAuth: 'mentions 407 Proxy Authentication Required',
  proxyTunnel: 'says the proxy tunnel (CONNECT) failed',
  proxyResolve: 'says the proxy host name could not be resolved',
  proxyWord: 'mentions a proxy',
  overload: 'shows a server out of capacity (503, connection limits, file descriptors, accept queue)',
  restart: 'mentions a restart, shutdown or crash',
  netUnreach: 'says the network is unreachable',
  hostUnreach: 'says there is no route to the host',
  prohibited: 'mentions a firewall, a policy or a permission denial',
  mtu: 'mentions the MTU or oversized packets',
  dnsTemporary: 'is a temporary resolver failure (EAI_AGAIN / SERVFAIL)',
  dnsMissing: 'says the name does not exist or could not be resolved',
  connectTimeout: 'is a timeout while connecting',
  responseTimeout: 'is a timeout waiting for the response',
};

const MARKER_ENTRIES = Object.entries(MARKERS) as [MarkerId, RegExp][];

/** Everything the cause modules look at, gathered once. Counts are numbers of findings. */
export interface Facts {
  total: number;
  /** Findings whose primary class is the key. */
  primary: Partial<Record<ErrorClass, number>>;
  /** Findings that show the class only as a secondary one. */
  secondary: Partial<Record<ErrorClass, number>>;
  hints: Partial<Record<Hint, number>>;
  markers: Partial<Record<MarkerId, number>>;
  errnos: Set<string>;
  runtimes: Set<string>;
  /** Catalog signature ids of the findings (`curl.exit-code`, `go.read-reset`). */
  signatures: Set<string>;
  methods: Set<string>;
  /** Every endpoint seen is loopback (and there was at least one). */
  loopback: boolean;
  cadence: Cadence | null;
  probe: ProbeReport | null;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Every regex this module runs on text it did not write, named, for the ReDoS check in the tests. */
export const FACT_REGEXES: readonly [string, RegExp][] = [...MARKER_ENTRIES.map(([id, re]): [string, RegExp] => [`marker.${id}`, re]), ['loopback', LOOPBACK]];

function bump<K extends string>(rec: Partial<Record<K, number>>, key: K): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

/** Markers that one finding shows. */
function markersOf(f: Finding): MarkerId[] {
  const text = f.errno ? `${f.text} ${f.errno}` : f.text;
  const out: MarkerId[] = [];
  for (const [id, re] of MARKER_ENTRIES) if (re.test(text)) out.push(id);
  return out;
}

export function gatherFacts(findings: readonly Finding[], cadence: Cadence | null, probe: ProbeReport | null): Facts {
  const facts: Facts = {
    total: findings.length,
    primary: {},
    secondary: {},
    hints: {},
    markers: {},
    errnos: new Set(),
    runtimes: new Set(),
    signatures: new Set(),
    methods: new Set(),
    loopback: false,
    cadence,
    probe,
  };
  let endpoints = 0;
  let loopbacks = 0;
  for (const f of findings) {
    bump(facts.primary, f.class);
    for (const c of new Set(f.classes)) if (c !== f.class) bump(facts.secondary, c);
    for (const h of new Set(f.hints)) bump(facts.hints, h);
    for (const m of markersOf(f)) bump(facts.markers, m);
    if (f.errno) facts.errnos.add(f.errno.toUpperCase());
    if (f.runtime) facts.runtimes.add(f.runtime.toLowerCase());
    facts.signatures.add(f.signature);
    if (f.method) facts.methods.add(f.method.toUpperCase());
    if (f.endpoint) {
      endpoints++;
      if (LOOPBACK.test(f.endpoint.host)) loopbacks++;
    }
  }
  facts.loopback = endpoints > 0 && loopbacks === endpoints;
  return facts;
}

/** Any class seen, primary or secondary. */
export function hasClass(f: Facts, ...classes: ErrorClass[]): boolean {
  return classes.some((c) => (f.primary[c] ?? 0) + (f.secondary[c] ?? 0) > 0);
}

export function hasErrno(f: Facts, ...codes: string[]): boolean {
  return codes.some((c) => f.errnos.has(c));
}

/** A runtime whose name contains one of `names` (the catalog uses ids like `node`, `undici`, `go`, `php-curl`). */
export function hasRuntime(f: Facts, ...names: string[]): boolean {
  for (const r of f.runtimes) if (names.some((n) => r.includes(n))) return true;
  return false;
}

/** Every finding comes from one of `names` (and there is at least one). */
export function onlyRuntimes(f: Facts, ...names: string[]): boolean {
  return f.runtimes.size > 0 && [...f.runtimes].every((r) => names.includes(r));
}

/** Every finding is the curl command line's own error line (`curl: (56) …`). */
export function onlyCurlCli(f: Facts): boolean {
  return f.signatures.size > 0 && [...f.signatures].every((s) => s === 'curl.exit-code');
}

/** Methods that carry a request body in practice. */
export function sendsBody(f: Facts): boolean {
  return ['POST', 'PUT', 'PATCH'].some((m) => f.methods.has(m));
}

/** Only methods without a body were seen (GET/HEAD/OPTIONS/DELETE), and at least one. */
export function onlyBodyless(f: Facts): boolean {
  return f.methods.size > 0 && [...f.methods].every((m) => m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || m === 'DELETE');
}

/** The idle period a cadence points at: the period when failures are regular, else the smallest gap. */
export function cadenceIdleMs(c: Cadence): number {
  return c.regularity >= 0.6 ? c.periodMs : c.minGapMs;
}

/** Weight multiplier for a cadence: regular gaps count fully, irregular ones about half. */
export function cadenceTrust(c: Cadence): number {
  const samples = c.samples >= 4 ? 1 : c.samples >= 3 ? 0.8 : 0.5;
  return (0.5 + 0.5 * Math.min(1, Math.max(0, c.regularity))) * samples;
}

/** Failures the probe saw on reused connections (resets + EOFs). */
export function reuseFailures(p: ProbeReport | null): number {
  return p?.reuse ? p.reuse.resets + p.reuse.eofs : 0;
}

/** The probe reached the server and got a response, and any reuse attempts all succeeded. */
export function probeHealthy(p: ProbeReport | null): boolean {
  return p !== null && p.error === null && p.http !== null && reuseFailures(p) === 0;
}

/** The server's idle timeout as far as the evidence tells: measured, then announced. */
export function serverIdleMs(p: ProbeReport | null): number | null {
  if (p?.keepAlive?.idleTimeoutMs != null) return p.keepAlive.idleTimeoutMs;
  const hint = p?.http?.keepAliveHint?.timeoutSeconds;
  return hint != null ? hint * 1000 : null;
}
