/**
 * Pulls facts out of the text of a finding: endpoint, HTTP method, errno, timestamp and hints.
 * Each regex here is linear (checked by the ReDoS unit test) and runs only on lines that matched.
 */
import { CODE_CLASS, CURL_CODES, LINUX_ERRNO, WINSOCK_ERRNO } from '../signatures';
import type { Endpoint, Hint } from '../types';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443, 'ftp:': 21 };
const CODE_FILE = /\.(?:java|kt|scala|go|js|mjs|cjs|ts|py|rb|php|cs|rs|c|h|cc|cpp|swift|ex|exs)$/;

const URL_RE = /\b(?:https?|wss?|ftp|grpc|tcp):\/\/[^\s"'<>`(){}|\\^]+/gi;
const NGINX_UPSTREAM = /\bupstream: "([^"\s]+)"/;
const GO_REMOTE = /->([\w.:[\]%]+)/;
const NODE_CODE_ADDR = /\b(?:ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EHOSTDOWN) ([0-9a-fA-F.:]+)/;
const NODE_DNS = /\b(?:getaddrinfo|queryA|queryAaaa) (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/;
const GO_LOOKUP = /\blookup ([\w.-]+)(?: on |: )/;
const PY_POOL = /\b(HTTPS?)ConnectionPool\(host='([^'\s]+)', port=(\d+)\)(?:: Max retries exceeded with url: ([^\s]+))?/;
const AT_HOST_PORT = /\bat "([^"\s]+)"(?: \([^)\s]+\))?, port (\d+)/;
const TO_HOST_PORT = /\b(?:to|host|by) ([\w.:[\]%-]+) port (\d+)/;
const RESOLVE_HOST = /\b(?:resolve host|UnknownHostException|Name does not resolve|No such host is known)[:\s]+([\w.-]+)/;
const PORT = /:(\d+)\b/g;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const HOST_CHAR = /[A-Za-z0-9.-]/;
const DUMP_ADDRESS = /^\s*(?:address|remoteAddress|host|hostname): '([^'\s]+)',?$/;
const DUMP_PORT = /^\s*(?:port|remotePort): (\d+),?$/;

function hostPortEndpoint(host: string, port: string | undefined, url: string | null = null): Endpoint {
  const n = port === undefined ? NaN : Number(port);
  return { url, host, port: Number.isInteger(n) && n > 0 && n < 65536 ? n : null };
}

/** `s` without trailing characters from `chars`. A loop, because `/[...]+$/` is quadratic on a
 * long run of those characters followed by another one (the regex retries at every offset). */
function trimTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

function fromUrl(raw: string): Endpoint | null {
  let text = trimTrailing(raw, '.,;:!?]\'"');
  if (text.includes('[') && !text.includes(']')) text = trimTrailing(raw, '.,;:!?\'"');
  try {
    const u = new URL(text);
    if (!u.hostname) return null;
    const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    const port = u.port ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? null);
    return { url: text, host, port };
  } catch {
    return null;
  }
}

/** Splits `::1:8080` / `127.0.0.1:8080` (Node prints IPv6 without brackets) at the last colon. */
function splitBare(addr: string): Endpoint | null {
  const dots = addr.includes('.');
  const colons = addr.split(':').length - 1;
  if (colons === 0) return { url: null, host: addr, port: null };
  if (dots || colons > 1) {
    const at = addr.lastIndexOf(':');
    const port = addr.slice(at + 1);
    if (/^\d{1,5}$/.test(port) && (dots ? colons === 1 : colons >= 2)) return hostPortEndpoint(addr.slice(0, at), port);
    return { url: null, host: addr, port: null };
  }
  return null;
}

/** The endpoint a line names, preferring what is most specific to the failing connection. */
export function extractEndpoint(line: string): Endpoint | null {
  const up = NGINX_UPSTREAM.exec(line);
  if (up?.[1]) {
    const e = fromUrl(up[1]);
    if (e) return e;
  }
  const py = PY_POOL.exec(line);
  if (py?.[2] && py[3]) {
    const host = py[2];
    const scheme = py[1] === 'HTTPS' ? 'https' : 'http';
    const hostPart = host.includes(':') ? `[${host}]` : host;
    return { url: py[4] ? `${scheme}://${hostPart}:${py[3]}${trimTrailing(py[4], '),')}` : null, host, port: Number(py[3]) };
  }
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(line); m; m = URL_RE.exec(line)) {
    const before = line.slice(Math.max(0, m.index - 5), m.index).toLowerCase();
    if (before.includes('see ')) continue;
    const e = fromUrl(m[0]);
    if (e) return e;
  }
  const go = GO_REMOTE.exec(line);
  if (go?.[1]) {
    const addr = go[1].replace(/:$/, '');
    const b = /^\[([^\]]{1,60})\]:(\d{1,5})$/.exec(addr);
    if (b?.[1]) return hostPortEndpoint(b[1], b[2]);
    const e = splitBare(addr);
    if (e) return e;
  }
  const node = NODE_CODE_ADDR.exec(line);
  if (node?.[1]) {
    const e = splitBare(node[1].replace(/:$/, ''));
    if (e && (e.port !== null || e.host.includes('.'))) return e;
  }
  const dns = NODE_DNS.exec(line) ?? GO_LOOKUP.exec(line) ?? RESOLVE_HOST.exec(line);
  if (dns?.[1]) return { url: null, host: dns[1].replace(/\.$/, ''), port: null };
  const tp = TO_HOST_PORT.exec(line) ?? AT_HOST_PORT.exec(line);
  if (tp?.[1]) return hostPortEndpoint(tp[1].replace(/^\[|\]$/g, ''), tp[2]);
  return hostBeforePort(line);
}

/**
 * The first `host:port` of a line: each `:digits` is read backwards to its host (a bracketed IPv6
 * address, an IPv4 address, `localhost`, or a dotted name). Scanning back in code keeps this
 * linear where a regex over runs of host characters would backtrack.
 */
function hostBeforePort(line: string): Endpoint | null {
  PORT.lastIndex = 0;
  for (let m = PORT.exec(line); m; m = PORT.exec(line)) {
    const colon = m.index;
    const after = colon + m[0].length;
    if (line[after] === '.' && /\d/.test(line[after + 1] ?? '')) continue;
    if (line[colon - 1] === ']') {
      const open = line.lastIndexOf('[', colon - 1);
      const v6 = line.slice(open + 1, colon - 1);
      if (open >= 0 && colon - open < 64 && /^[0-9a-fA-F:.%]+$/.test(v6) && v6.includes(':')) return hostPortEndpoint(v6, m[1]);
      continue;
    }
    let start = colon;
    while (start > 0 && colon - start < 253 && HOST_CHAR.test(line[start - 1]!)) start--;
    const host = line.slice(start, colon).replace(/^[.-]+/, '');
    if (IPV4.test(host) || host === 'localhost') return hostPortEndpoint(host, m[1]);
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (host.includes('.') && /^[a-zA-Z]{2,63}$/.test(tld) && !CODE_FILE.test(host)) return hostPortEndpoint(host, m[1]);
  }
  return null;
}

/** Endpoint from the fields of a Node error dump (`address: '::1'`, `port: 8080`, `remotePort`). */
export function extractDumpEndpoint(lines: readonly string[]): Endpoint | null {
  let host: string | null = null;
  let port: string | undefined;
  for (const l of lines) {
    host ??= DUMP_ADDRESS.exec(l)?.[1] ?? null;
    port ??= DUMP_PORT.exec(l)?.[1];
  }
  return host === null ? null : hostPortEndpoint(host, port);
}

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE';
const METHOD_REQUEST_LINE = new RegExp(`(?:^|[\\s"'(\\[])(${METHODS}) (?:/|https?://|[\\w.-]+:\\d+ HTTP/)`);
const METHOD_GO = /\b(Get|Post|Put|Patch|Delete|Head|Options) "[a-z]{2,5}:\/\//;
const METHOD_PHRASE = new RegExp(`\\bon (${METHODS}) request\\b|\\bmethod["']?[=:] ?["']?(${METHODS})\\b`, 'i');

/** The HTTP method a line names for the failing request (upper case), or null. */
export function extractMethod(line: string): string | null {
  const m = METHOD_REQUEST_LINE.exec(line) ?? METHOD_GO.exec(line);
  if (m?.[1]) return m[1].toUpperCase();
  const p = METHOD_PHRASE.exec(line);
  const v = p?.[1] ?? p?.[2];
  return v ? v.toUpperCase() : null;
}

const ERRNO_NAME = /\b(E[A-Z]+|WSAE[A-Z]+|WSAHOST_NOT_FOUND|UND_ERR_[A-Z_]+)\b/g;
const ERRNO_NUMBER = /(?:\[Errno |\(os error |\berrno[:=] ?-?|\bSocketException \(|\()(\d{2,5})(?:\]|\)|: |,|$)/;
const WINERROR = /\[WinError (\d{5})\]/;
const CURL_NUMBER = /\b(?:curl: \(|cURL error |curl )(\d{1,2})\b/;

/** Symbolic name of an errno number as runtimes print it (Linux numbers, or WinSock ones). */
export function errnoName(n: number): string | null {
  return WINSOCK_ERRNO[n] ?? LINUX_ERRNO[n] ?? null;
}

/** The curl code's libcurl name (`56` -> `CURLE_RECV_ERROR`). */
export function curlName(code: number): string | null {
  return CURL_CODES[code]?.name ?? null;
}

/** The first errno the line names: a symbolic name, an errno number, or a curl code. */
export function scanErrno(line: string): string | null {
  ERRNO_NAME.lastIndex = 0;
  for (let m = ERRNO_NAME.exec(line); m; m = ERRNO_NAME.exec(line)) {
    const name = m[1];
    if (name !== undefined && Object.hasOwn(CODE_CLASS, name)) return name;
  }
  const win = WINERROR.exec(line);
  if (win?.[1]) return errnoName(Number(win[1]));
  const num = ERRNO_NUMBER.exec(line);
  if (num?.[1]) {
    const name = errnoName(Number(num[1]));
    if (name) return name;
  }
  const curl = CURL_NUMBER.exec(line);
  if (curl?.[1]) return curlName(Number(curl[1]));
  return null;
}

const HINT_PATTERNS: [Hint, RegExp][] = [
  ['reused_connection', /\b(?:reused|reusing|re-used|stale connection|idle connection|keep-alive connection|persistent connection|pooled connection|connection pool)\b/i],
  ['idle_connection', /\bidle\b/i],
  ['tls_handshake', /\b(?:handshak(?:e|ing)|SSL_connect|SSL_do_handshake|secure TLS connection)\b/i],
  ['reading_headers', /\b(?:reading response header|awaiting headers|awaiting response|reading status line|error reading status line|without response|in headers|before headers|header parser|BEFORE response|before receiving)\b/i],
  ['reading_body', /\b(?:reading (?:the )?(?:response )?body|while reading upstream|in body|remaining to read|IncompleteRead|Premature end of|payload is not completed|DURING response|complete message body|additional bytes expected)\b/i],
  ['writing_body', /\b(?:sending request|send failure|while sending|writev\(\)|write\(\)|writing|write: |write (?:EPIPE|ECONNRESET)|Write failed|pass request body|request body|Unable to write data)\b/i],
  ['connecting', /\b(?:connect(?:ing)? to|while connecting|dial tcp|connect\(\)|connect (?:ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)|connect: |Connect call failed|Failed to establish a new connection|failed to connect|Couldn't connect|could not connect)\b/i],
  ['proxy_tunnel', /\b(?:tunnel(?:ing)?|proxyconnect|CONNECT tunnel)\b/i],
  ['upstream', /\bupstream\b/i],
];

/** Hints the words of a line give about the moment of failure. */
export function textHints(line: string): Hint[] {
  return HINT_PATTERNS.filter(([, re]) => re.test(line)).map(([h]) => h);
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const MON = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const TS_ISO = /\b(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2}\b)?/;
const TS_SLASH = /\b(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const TS_CLF = new RegExp(`\\[(\\d{2})/(${MON})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?(?: ([+-]\\d{4}))?\\]`);
const TS_APACHE = new RegExp(`\\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MON}) (\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))? (\\d{4})\\]`);
const TS_SYSLOG = new RegExp(`^(${MON}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})\\b`);
const TS_KLOG = /^[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\b/;
const TS_EPOCH = /"(?:ts|time|timestamp|@timestamp)": ?(\d{10}(?:\.\d{1,6})?|\d{13})\b/;

const frac = (s: string | undefined): number => (s ? Math.floor(Number(`0.${s}`) * 1000) : 0);
function zoneMs(z: string | undefined): number {
  if (!z || z === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/**
 * Epoch ms of the line's timestamp (ISO 8601, `YYYY/MM/DD hh:mm:ss` of Go and nginx, common log
 * format, Apache error log, syslog, klog, JSON epoch fields). Times without a zone are taken as
 * UTC; formats without a year (syslog, klog) get `year` (default: the current UTC year).
 */
export function extractTimestamp(line: string, year = new Date().getUTCFullYear()): number | null {
  const head = line.length > 400 ? line.slice(0, 400) : line;
  let m = TS_ISO.exec(head);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac(m[7])) - zoneMs(m[8]);
  m = TS_SLASH.exec(head);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac(m[7]));
  m = TS_CLF.exec(head);
  if (m) return Date.UTC(+m[3]!, MONTHS[m[2]!], +m[1]!, +m[4]!, +m[5]!, +m[6]!, frac(m[7])) - zoneMs(m[8]);
  m = TS_APACHE.exec(head);
  if (m) return Date.UTC(+m[7]!, MONTHS[m[1]!], +m[2]!, +m[3]!, +m[4]!, +m[5]!, frac(m[6]));
  m = TS_SYSLOG.exec(head);
  if (m) return Date.UTC(year, MONTHS[m[1]!], +m[2]!, +m[3]!, +m[4]!, +m[5]!);
  m = TS_KLOG.exec(head);
  if (m) return Date.UTC(year, +m[1]! - 1, +m[2]!, +m[3]!, +m[4]!, +m[5]!, frac(m[6]));
  m = TS_EPOCH.exec(head);
  if (m?.[1]) return m[1].length === 13 ? Number(m[1]) : Math.round(Number(m[1]) * 1000);
  return null;
}

/** Every regex of this module, for the ReDoS test. */
export const EXTRACT_REGEXES: readonly RegExp[] = [
  URL_RE, NGINX_UPSTREAM, GO_REMOTE, NODE_CODE_ADDR, NODE_DNS, GO_LOOKUP, PY_POOL, TO_HOST_PORT, AT_HOST_PORT, RESOLVE_HOST, PORT, IPV4, DUMP_ADDRESS, DUMP_PORT,
  METHOD_REQUEST_LINE, METHOD_GO, METHOD_PHRASE, ERRNO_NAME, ERRNO_NUMBER, WINERROR, CURL_NUMBER, TS_ISO, TS_SLASH, TS_CLF, TS_APACHE, TS_SYSLOG, TS_KLOG, TS_EPOCH,
  ...HINT_PATTERNS.map(([, re]) => re),
];
