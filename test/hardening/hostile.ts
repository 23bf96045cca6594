/**
 * Hostile input for the hardening suite: a seeded PRNG (the same seed gives the same 10,000 lines
 * on every run, so a failure can be replayed) and generators that wrap real network-error lines in
 * the things an attacker or a broken program can put in a log: HTML, Markdown and command links,
 * bidi and zero-width characters, ANSI/OSC escapes, NUL bytes, lone surrogates and huge lines.
 */

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export function pick<T>(r: Rand, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

export function int(r: Rand, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** Error lines in the formats real runtimes and tools print (written for this suite). */
export const REAL_ERRORS: readonly string[] = [
  'Error: read ECONNRESET',
  'Error: socket hang up',
  'Error: connect ECONNREFUSED 127.0.0.1:3000',
  'Error: getaddrinfo ENOTFOUND api.example.invalid',
  'Error: write EPIPE',
  'TypeError: fetch failed',
  '  [cause]: Error: read ECONNRESET',
  'Post "http://127.0.0.1:8080/orders": read tcp 127.0.0.1:51234->127.0.0.1:8080: read: connection reset by peer',
  'Get "https://api.example.com/v1/items?page=2": EOF',
  'Get "http://10.0.0.9:9000/": http: server closed idle connection',
  'dial tcp 127.0.0.1:5432: connect: connection refused',
  'net/http: TLS handshake timeout',
  'curl: (56) Recv failure: Connection reset by peer',
  'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused',
  'cURL error 56: OpenSSL SSL_read: Connection reset by peer, errno 104',
  'java.net.SocketException: Connection reset',
  '\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:330)',
  'Caused by: java.net.SocketException: Connection reset',
  'ConnectionResetError: [Errno 104] Connection reset by peer',
  "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/x (Caused by ProtocolError('Connection aborted.'))",
  '2026/11/21 05:00:00 [error] 12#12: *3 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.1.2.3, server: _, request: "GET /api HTTP/1.1", upstream: "http://127.0.0.1:8080/api", host: "example.com"',
  'System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
  'WSAECONNRESET (10054)',
  'fatal: unable to access \'https://git.example.com/repo.git/\': Recv failure: Connection reset by peer',
  'npm ERR! code ECONNRESET',
  'net::ERR_CONNECTION_RESET',
  'Error: connect ETIMEDOUT 192.0.2.10:443',
];

/** Payloads that must stay inert text wherever log text is shown. `__pwned` is what they set. */
export const INJECTIONS: readonly string[] = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload=window.__pwned=1>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '<a href="javascript:window.__pwned=1">x</a>',
  '</div><b>bold</b>',
  '&lt;script&gt;&#x3C;img&#x3E;',
  '[click](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  '[x](command:connectionDoctor.probeEndpoint?%5B%7B%22endpoint%22%3A1%7D%5D)',
  '![img](https://evil.example/pixel.png)',
  '<command:workbench.action.quit>',
  '[ref]\n\n[ref]: command:workbench.action.quit',
  '`code` **bold** _em_ ~~strike~~ # heading',
  ')](command:workbench.action.quit)',
  '"}]}](command:evil)',
  '| a | b |\n|---|---|',
  '$(alert) ${process.exit(1)} {{constructor.constructor("x")()}}',
  '\\](command:evil)',
  'http://evil.example/a)b(c',
  'www.evil.example',
];

/** Characters that change how text is displayed or read without being visible. */
export const INVISIBLES: readonly string[] = [
  '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u061c',
];

/** Terminal escape sequences: colours, cursor moves, OSC 8 links, title changes, unterminated ones. */
export const ESCAPES: readonly string[] = [
  '\x1b[31m', '\x1b[0m', '\x1b[1;4;38;5;196m', '\x1b[2K\r', '\x1b[?25l',
  '\x1b]8;;command:workbench.action.quit\x07click\x1b]8;;\x07',
  '\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\',
  '\x1b]0;pwned title\x07', '\x1b]2;title\x1b\\',
  '\x1b]', '\x1b[', '\x9b31m', '\x1bP1$r\x1b\\', '\x1b', '\x07',
];

/** Text that is not well-formed: NUL, C0 controls, lone surrogates, replacement characters. */
export const BROKEN: readonly string[] = ['\0', '\0\0\0', '\x01\x02\x7f', '\ud800', '\udfff', 'a\ud83d', '\ufffd', '\r', '\x0b\x0c'];

/** A URL carrying a hostile payload in its path, query or userinfo. */
function hostileUrl(r: Rand): string {
  const payload = encodeURI(pick(r, INJECTIONS)).slice(0, 80);
  return pick(r, [
    `http://127.0.0.1:8080/${payload}`,
    `https://api.example.com/x?q=${payload}`,
    `http://127.0.0.1:9/a)b[c](command:evil)`,
    `http://[::1]:8080/<script>`,
    `https://user:pa$$@127.0.0.1:8443/`,
  ]);
}

/** Sprinkles `n` items of `from` at random positions of `s`. */
function sprinkle(r: Rand, s: string, from: readonly string[], n: number): string {
  let out = s;
  for (let i = 0; i < n; i++) {
    const at = int(r, 0, out.length);
    out = out.slice(0, at) + pick(r, from) + out.slice(at);
  }
  return out;
}

/** One hostile line: usually a real error wrapped in payloads, sometimes payloads alone. */
export function hostileLine(r: Rand): string {
  const kind = r();
  let line: string;
  if (kind < 0.15) line = pick(r, INJECTIONS);
  else if (kind < 0.3) line = `${pick(r, REAL_ERRORS)} ${pick(r, INJECTIONS)}`;
  else if (kind < 0.45) line = `Post "${hostileUrl(r)}": read tcp 127.0.0.1:5000->127.0.0.1:8080: read: connection reset by peer`;
  else if (kind < 0.55) line = `${pick(r, INJECTIONS)} ${pick(r, REAL_ERRORS)}`;
  else line = pick(r, REAL_ERRORS);
  if (r() < 0.4) line = sprinkle(r, line, INVISIBLES, int(r, 1, 4));
  if (r() < 0.4) line = sprinkle(r, line, ESCAPES, int(r, 1, 4));
  if (r() < 0.15) line = sprinkle(r, line, BROKEN, int(r, 1, 3));
  if (r() < 0.1) line = `${new Date(Date.UTC(2026, 10, 21, 5, 0, int(r, 0, 59))).toISOString()} ERROR ${line}`;
  return line;
}

/** A line of `size` characters with an error somewhere inside (minified output, base64 dumps). */
export function hugeLine(r: Rand, size: number): string {
  const filler = pick(r, ['a', 'x'.repeat(7) + ' ', '<', '[', '\\', '%2F', ':1', '\x1b[', '\u202e']);
  const body = filler.repeat(Math.ceil(size / filler.length)).slice(0, size);
  const at = int(r, 0, size);
  return body.slice(0, at) + pick(r, REAL_ERRORS) + pick(r, INJECTIONS) + body.slice(at);
}

export interface HostileCorpus {
  lines: string[];
  /** How many of the lines are huge (≥ 1 MiB). */
  huge: number;
}

/** `count` hostile lines from `seed`; `hugeEvery` lines one is a 1 MiB line (0 = none). */
export function hostileCorpus(seed: number, count: number, hugeEvery = 2500): HostileCorpus {
  const r = prng(seed);
  const lines: string[] = [];
  let huge = 0;
  for (let i = 0; i < count; i++) {
    if (hugeEvery > 0 && i % hugeEvery === hugeEvery - 1) {
      lines.push(hugeLine(r, 1 << 20));
      huge++;
    } else lines.push(hostileLine(r));
  }
  return { lines, huge };
}

/** Raw bytes that are not valid UTF-8: overlong forms, lone continuation bytes, truncated sequences. */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x80, 0x81, 0xbf]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];
