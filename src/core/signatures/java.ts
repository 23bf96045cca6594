// The JDK (java.net, javax.net.ssl, java.net.http), OkHttp, Apache HttpClient 4/5, Netty and
// Reactor Netty, Spring's RestTemplate. JDK traces produced on this machine by OpenJDK 17
// (HttpURLConnection and java.net.http.HttpClient); the libraries' texts from their exception
// classes (okhttp3 Http1ExchangeCodec "unexpected end of stream on", httpclient
// NoHttpResponseException "failed to respond", reactor-netty PrematureCloseException).
import { sig } from './define';

export const javaSignatures = [
  sig('java.socket-reset', 'java', 'reset', ['connection reset'], /\b(?:SocketException|IOException|SSLException|ConnectionResetException): Connection reset\b/, { errno: { fixed: 'ECONNRESET' } }),
  sig('java.broken-pipe', 'java', 'broken_pipe', ['broken pipe'], /\b(?:SocketException|IOException): Broken pipe\b/, { errno: { fixed: 'EPIPE' }, hints: ['writing_body'] }),
  sig('java.connect-exception', 'java', 'refused', ['connectexception'], /\b(?:java\.net\.ConnectException|ConnectException): /, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('java.bare-connect-exception', 'java', 'refused', ['java.net.connectexception'], /\bjava\.net\.ConnectException$/, { deferClass: true, hints: ['connecting'] }),
  sig('java.error-writing', 'java', 'broken_pipe', ['error writing to server'], /\bIOException: Error writing to server\b/, { hints: ['writing_body'] }),
  sig('java.socket-timeout', 'java', 'timeout', ['sockettimeoutexception', 'httptimeoutexception', 'connecttimeoutexception', 'httpconnecttimeoutexception'],
    /\b(?:SocketTimeoutException|HttpTimeoutException|HttpConnectTimeoutException|ConnectTimeoutException)\b/),
  sig('java.unknown-host', 'java', 'dns', ['unknownhostexception', 'unresolvedaddressexception'], /\b(?:UnknownHostException|UnresolvedAddressException)\b/, { extracts: ['endpoint'] }),
  sig('java.no-route', 'java', 'host_unreachable', ['noroutetohostexception'], /\bNoRouteToHostException\b/),
  sig('java.ssl-handshake', 'java', 'tls', ['sslhandshakeexception', 'pkix path', 'remote host terminated the handshake'],
    /\b(?:SSLHandshakeException|PKIX path building failed|Remote host terminated the handshake)\b/, { hints: ['tls_handshake'] }),
  sig('java.unexpected-eof', 'java', 'eof_closed', ['unexpected end of file from server'], /\bUnexpected end of file from server\b/, { hints: ['reading_headers'] }),
  sig('java.header-parser-no-bytes', 'java', 'eof_closed', ['header parser received no bytes'], /\bheader parser received no bytes\b/, { deferClass: true, hints: ['reading_headers'] }),
  sig('java.eof-exception', 'java', 'eof_closed', ['eofexception'], /\bEOFException: (?:EOF reached while reading|SSL peer shut down incorrectly)?/, { rank: 1 }),
  sig('java.proxy-tunnel', 'java', 'proxy', ['unable to tunnel through proxy'], /\bUnable to tunnel through proxy\b/, { hints: ['proxy_tunnel'] }),
  sig('okhttp.unexpected-end', 'okhttp', 'eof_closed', ['unexpected end of stream'], /\bunexpected end of stream on /, { hints: ['reading_headers'], extracts: ['endpoint'] }),
  sig('okhttp.stream-reset', 'okhttp', 'reset', ['streamresetexception', 'stream was reset'], /\b(?:StreamResetException|stream was reset: [A-Z_]+)\b/),
  sig('okhttp.failed-to-connect', 'okhttp', 'refused', ['failed to connect to /'], /\bFailed to connect to [\w.-]*\/[\w.:[\]%]/, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('apache-httpclient.no-response', 'apache-httpclient', 'eof_closed', ['nohttpresponseexception', 'failed to respond'],
    /\b(?:NoHttpResponseException\b|failed to respond$)/, { hints: ['reused_connection', 'reading_headers'], extracts: ['endpoint'] }),
  sig('apache-httpclient.host-connect', 'apache-httpclient', 'refused', ['httphostconnectexception'], /\bHttpHostConnectException\b/, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('apache-httpclient.premature-end', 'apache-httpclient', 'eof_closed', ['premature end of'], /\bPremature end of (?:Content-Length delimited message body|chunk coded message body)\b/, { hints: ['reading_body'] }),
  sig('apache-httpclient.connection-closed', 'apache-httpclient', 'eof_closed', ['connectionclosedexception'], /\bConnectionClosedException\b/, { deferClass: true }),
  sig('netty.native-io', 'netty', 'reset', ['nativeioexception'], /\bNativeIoException: (?:\w+\(\.\.\) failed|syscall:\w+\(\.\.\) failed)/, { deferClass: true }),
  sig('netty.annotated-connect', 'netty', 'refused', ['annotatedconnectexception'], /\bAnnotatedConnectException\b/, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('netty.premature-close', 'netty', 'eof_closed', ['prematurecloseexception', 'connection prematurely closed'],
    /\b(?:PrematureCloseException|Connection prematurely closed (?:BEFORE|DURING) response)\b/, { hints: ['reading_headers'] }),
  sig('netty.read-timeout', 'netty', 'timeout', ['readtimeoutexception', 'connecttimeoutexception'], /\b(?:ReadTimeoutException|ConnectTimeoutException)\b/),
  sig('spring.resource-access', 'spring', 'reset', ['resourceaccessexception', 'i/o error on'], /\bI\/O error on (?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) request for "/, { deferClass: true, extracts: ['method', 'endpoint'] }),
];
