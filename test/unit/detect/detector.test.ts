import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detect, stripAnsi } from '../../../src/core/detect';
import { runtimes, SIGNATURES } from '../../../src/core/signatures';

const one = (text: string) => {
  const found = detect(text);
  assert.equal(found.length, 1, `expected one finding in ${JSON.stringify(text)}, got ${JSON.stringify(found.map((f) => f.signature))}`);
  return found[0]!;
};

describe('detect: spans and fields', () => {
  it('reports 1-based line and column spans of the match, honouring firstLine', () => {
    const text = 'starting worker\n2024/05/01 10:00:00 Get "http://10.0.0.7:8080/a": read tcp 10.0.0.9:5000->10.0.0.7:8080: read: connection reset by peer\n';
    const f = one(text);
    assert.equal(f.line, 2);
    const line = text.split('\n')[1]!;
    assert.equal(f.column, line.indexOf('read: connection reset by peer') + 1);
    assert.equal(f.endLine, 2);
    assert.equal(f.endColumn, line.length + 1);
    assert.equal(detect(text, { firstLine: 41 })[0]!.line, 42);
  });

  it('extracts URL, host and port, including bracketed and bare IPv6', () => {
    const go = one('Post "http://[::1]:8080/orders": write tcp [::1]:51000->[::1]:8080: write: broken pipe');
    assert.deepEqual(go.endpoint, { url: 'http://[::1]:8080/orders', host: '::1', port: 8080 });
    assert.equal(go.class, 'broken_pipe');
    assert.equal(go.method, 'POST');
    const node = one('Error: connect ECONNREFUSED ::1:5432');
    assert.deepEqual(node.endpoint, { url: null, host: '::1', port: 5432 });
    const goRemote = one('read tcp [fe80::1%eth0]:40000->[2001:db8::5]:443: read: connection reset by peer');
    assert.deepEqual(goRemote.endpoint, { url: null, host: '2001:db8::5', port: 443 });
    const https = one('curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to api.example.com:443');
    assert.equal(https.endpoint?.host, 'api.example.com');
    assert.equal(https.endpoint?.port, 443);
  });

  it('takes the default port from the URL scheme and skips documentation links', () => {
    const f = one('cURL error 56: Recv failure: Connection reset by peer (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://pay.example.com/charge');
    assert.deepEqual(f.endpoint, { url: 'https://pay.example.com/charge', host: 'pay.example.com', port: 443 });
    assert.equal(f.errno, 'CURLE_RECV_ERROR');
    assert.equal(f.runtime, 'php');
  });

  it('reads the method from request lines, Go URL errors and library phrases', () => {
    assert.equal(one('2024/02/11 03:14:01 [error] 1#1: *9 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.2, server: x, request: "PATCH /v1/a HTTP/1.1", upstream: "http://10.0.0.3:80/v1/a"').method, 'PATCH');
    assert.equal(one('Delete "http://h:1/x": EOF').method, 'DELETE');
    assert.equal(one('org.springframework.web.client.ResourceAccessException: I/O error on PUT request for "http://h:8080/x": Connection reset').method, 'PUT');
    assert.equal(one('curl: (56) Recv failure: Connection reset by peer').method, null);
  });

  it('gives hints: reused connection, TLS handshake, reading headers, reading vs writing the body', () => {
    assert.ok(one('Post "http://a:1/x": http: server closed idle connection').hints.includes('reused_connection'));
    assert.ok(one('curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to a.b:443').hints.includes('tls_handshake'));
    const headers = one('2024/01/01 00:00:00 [error] 7#7: *1 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 1.2.3.4, server: s, request: "GET / HTTP/1.1", upstream: "http://5.6.7.8:80/"');
    assert.ok(headers.hints.includes('reading_headers'));
    assert.ok(headers.hints.includes('upstream'));
    assert.ok(!headers.hints.includes('writing_body'));
    const body = one('2024/01/01 00:00:00 [error] 7#7: *1 readv() failed (104: Connection reset by peer) while reading upstream, client: 1.2.3.4, server: s, request: "GET / HTTP/1.1", upstream: "http://5.6.7.8:80/"');
    assert.ok(body.hints.includes('reading_body'));
    const write = one('2024/01/01 00:00:00 [error] 7#7: *1 writev() failed (32: Broken pipe) while sending request to upstream, client: 1.2.3.4, server: s, request: "POST /u HTTP/1.1", upstream: "http://5.6.7.8:80/u"');
    assert.ok(write.hints.includes('writing_body'));
    assert.equal(write.class, 'broken_pipe');
    assert.equal(write.errno, 'EPIPE');
  });

  it('parses common timestamps into epoch ms', () => {
    assert.equal(one('2024-03-01T10:00:05.250Z ERROR read ECONNRESET').timestamp, Date.UTC(2024, 2, 1, 10, 0, 5, 250));
    assert.equal(one('2024-03-01 10:00:05,500+01:00 connect ECONNREFUSED 127.0.0.1:1').timestamp, Date.UTC(2024, 2, 1, 9, 0, 5, 500));
    assert.equal(one('2024/03/01 10:00:05 Get "http://a:1/": EOF').timestamp, Date.UTC(2024, 2, 1, 10, 0, 5));
    assert.equal(one('10.0.0.1 - - [01/Mar/2024:10:00:05 +0100] "GET / HTTP/1.1" 503 UC 0 95 2 - x').timestamp, Date.UTC(2024, 2, 1, 9, 0, 5));
    assert.equal(one('127.0.0.1:1 [01/Mar/2024:10:00:05.123] fe be/s1 0/0/0/-1/0 502 209 - - SH-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"').timestamp, Date.UTC(2024, 2, 1, 10, 0, 5, 123));
    assert.equal(one('curl: (52) Empty reply from server').timestamp, null);
  });

  it('reports a proxy tunnel that was refused as proxy first, then refused', () => {
    const f = one('Get "https://example.com/x": proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused');
    assert.deepEqual(f.classes, ['proxy', 'refused']);
    assert.equal(f.class, 'proxy');
  });
});

describe('detect: multi-line traces count once', () => {
  it('a Java trace with frames and a cause', () => {
    const f = one('Exception in thread "main" java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:966)\nCaused by: java.io.IOException: x\n\t... 5 more\nnext log line');
    assert.equal(f.class, 'reset');
    assert.equal(f.line, 1);
    assert.equal(f.endLine, 5);
    assert.equal(f.runtime, 'java');
  });

  it('a Node error dump takes errno and endpoint from its fields', () => {
    const f = one("Error: connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 6379\n}");
    assert.equal(f.errno, 'ECONNREFUSED');
    assert.deepEqual(f.endpoint, { url: null, host: '127.0.0.1', port: 6379 });
  });

  it('fetch failed with its cause: the head line, the class of the cause', () => {
    const f = one("TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13 {\n  [cause]: SocketError: other side closed\n      at Socket.onHttpSocketEnd (node:internal/deps/undici/undici:6436:28) {\n    code: 'UND_ERR_SOCKET'\n  }\n}");
    assert.equal(f.line, 1);
    assert.equal(f.class, 'eof_closed');
    assert.equal(f.errno, 'UND_ERR_SOCKET');
  });

  it('a head line without a classified cause is not a finding', () => {
    assert.deepEqual(detect("TypeError: fetch failed\n    at x (y.js:1:1) {\n  [cause]: Error: invalid header\n}"), []);
  });

  it('a Python chain of exceptions (During handling / direct cause) is one finding', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3.11/http/client.py", line 294, in _read_status',
      '    raise RemoteDisconnected("Remote end closed connection without"',
      'http.client.RemoteDisconnected: Remote end closed connection without response',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/requests/adapters.py", line 501, in send',
      '    raise ConnectionError(err, request=request)',
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
      '',
      'INFO next request',
    ].join('\n');
    const f = one(text);
    assert.equal(f.class, 'eof_closed');
    assert.equal(f.line, 4);
    assert.equal(f.endLine, 11);
  });

  it('two separate errors on consecutive lines are two findings', () => {
    const found = detect('curl: (56) Recv failure: Connection reset by peer\ncurl: (7) Failed to connect to 10.0.0.1 port 80 after 3 ms: Connection refused');
    assert.deepEqual(found.map((f) => f.class), ['reset', 'refused']);
  });
});

describe('detect: what is not a finding', () => {
  for (const text of [
    "const RETRY = ['ECONNRESET', 'EPIPE'];",
    'if (err.code === "ECONNREFUSED") retry();',
    'INFO password reset link sent',
    'Connection: keep-alive',
    'Keep-Alive: timeout=5, max=1000',
    'npm warn ERESOLVE overriding peer dependency',
    'git reset --hard origin/main',
    'bash: line 1: unexpected EOF while looking for matching quote',
    '    at Socket.socketOnEnd (node:_http_client:524:23)',
  ]) {
    it(JSON.stringify(text), () => assert.deepEqual(detect(text), []));
  }
});

describe('detect: terminal text', () => {
  it('tolerates ANSI colours and CRLF, and points at the raw columns', () => {
    const raw = '\x1b[31mError\x1b[0m: read ECONNRESET\r\nok\r\n';
    const f = one(raw);
    assert.equal(f.class, 'reset');
    assert.equal(f.text, 'Error: read ECONNRESET');
    assert.equal(raw.slice(f.column - 1, f.endColumn - 1), 'read ECONNRESET');
  });

  it('keeps columns right when lower-casing would change the text length (U+0130)', () => {
    const text = 'İstanbul şubesi: İİİ read ECONNRESET';
    const f = one(text);
    assert.equal(text.slice(f.column - 1, f.endColumn - 1), 'read ECONNRESET');
  });

  it('stripAnsi removes CSI and OSC sequences', () => {
    assert.equal(stripAnsi('\x1b[1;31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07'), 'red link');
  });
});

describe('signature catalog', () => {
  it('covers at least 20 runtimes and tools, with unique ids', () => {
    const names = runtimes();
    assert.ok(names.length >= 20, names.join(', '));
    for (const r of ['node', 'undici', 'go', 'php', 'curl', 'python', 'java', 'okhttp', 'apache-httpclient', 'netty', 'dotnet', 'ruby', 'rust', 'hyper', 'nginx', 'haproxy', 'envoy', 'chromium', 'windows', 'git', 'npm', 'docker', 'kubectl', 'os-l10n']) {
      assert.ok(names.includes(r), `runtime ${r}`);
    }
    assert.equal(new Set(SIGNATURES.map((s) => s.id)).size, SIGNATURES.length);
  });

  it('recognises localized strerror texts (glibc translations)', () => {
    assert.equal(one('curl: (56) Recv failure: Die Verbindung wurde vom Kommunikationspartner zurückgesetzt').class, 'reset');
    assert.equal(one('read: Connexion ré-initialisée par le correspondant').class, 'reset');
    assert.equal(one('error: Conexión rehusada').class, 'refused');
  });
});
