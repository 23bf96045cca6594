// libcurl as the curl CLI, PHP's curl extension (and Guzzle on top of it) and PHP's own stream
// wrappers report it. Codes and names: libcurl-errors(3); texts produced on this machine by curl
// 7.88 and PHP 8.2 against loopback servers that reset, close, or refuse.
import { CURL_CODES, sig } from './define';

const curlCodes = Object.fromEntries(Object.entries(CURL_CODES).map(([k, v]) => [k, v.class]));

export const curlSignatures = [
  // `curl: (56) Recv failure: Connection reset by peer`; the message decides the class when it is
  // a phrase we know (curl 7 covers refused, unreachable and timeouts alike).
  sig('curl.exit-code', 'curl', 'reset', ['curl: ('], /\bcurl: \((\d{1,2})\)/, { deferClass: true, errno: 'curl', classByGroup: curlCodes, extracts: ['errno', 'endpoint'] }),
  // git and others print `curl 56 Recv failure` / `RPC failed; curl 92 HTTP/2 stream ...`
  sig('curl.rpc-code', 'git', 'reset', ['rpc failed; curl'], /\bRPC failed; curl (\d{1,2})\b/, { deferClass: true, errno: 'curl', classByGroup: curlCodes }),
  sig('php.curl-error', 'php', 'reset', ['curl error'], /\bcURL error (\d{1,2}): /, { deferClass: true, errno: 'curl', classByGroup: curlCodes, extracts: ['errno', 'endpoint'] }),
  sig('curl.empty-reply', 'curl', 'eof_closed', ['empty reply'], /\bEmpty reply from server\b/, { errno: { fixed: 'CURLE_GOT_NOTHING' }, hints: ['reading_headers'] }),
  sig('curl.recv-failure', 'curl', 'reset', ['recv failure'], /\bRecv failure: /, { deferClass: true, errno: { fixed: 'CURLE_RECV_ERROR' } }),
  sig('curl.send-failure', 'curl', 'broken_pipe', ['send failure'], /\bSend failure: /, { deferClass: true, errno: { fixed: 'CURLE_SEND_ERROR' }, hints: ['writing_body'] }),
  sig('curl.transfer-closed', 'curl', 'eof_closed', ['transfer closed'], /\btransfer closed with (?:\d{1,19} bytes remaining to read|outstanding read data remaining)\b/, { errno: { fixed: 'CURLE_PARTIAL_FILE' }, hints: ['reading_body'] }),
  sig('curl.resolve', 'curl', 'dns', ['could not resolve'], /\bCould(?:n't| not) resolve (host|proxy)\b/, { errno: { fixed: 'CURLE_COULDNT_RESOLVE_HOST' } }),
  sig('curl.timeout', 'curl', 'timeout', ['timed out after', 'timeout was reached'], /\b(?:(?:Operation|Connection|Resolving) timed out after \d{1,12} milli|Timeout was reached\b)/, { errno: { fixed: 'CURLE_OPERATION_TIMEDOUT' } }),
  sig('curl.ssl-connect', 'curl', 'tls', ['ssl_connect', 'ssl_error_syscall'], /\b(?:OpenSSL SSL_connect|SSL_ERROR_SYSCALL)\b/, { deferClass: true, hints: ['tls_handshake'] }),
  sig('curl.cert-problem', 'curl', 'tls', ['ssl certificate problem'], /\bSSL certificate problem: /, { errno: { fixed: 'CURLE_PEER_FAILED_VERIFICATION' }, hints: ['tls_handshake'] }),
  sig('curl.gnutls-verify', 'curl', 'tls', ['server certificate verification failed'], /\bserver certificate verification failed\. CAfile: /, { hints: ['tls_handshake'] }),
  sig('curl.proxy-connect', 'curl', 'proxy', ['connect tunnel failed', 'from proxy after connect', 'proxy connect aborted'],
    /\b(?:CONNECT tunnel failed|Received HTTP code \d{3} from proxy after CONNECT|Proxy CONNECT aborted)\b/, { hints: ['proxy_tunnel'] }),
  sig('curl.connect-failed', 'curl', 'refused', ['failed to connect to'], /\bFailed to connect to [^\s]+ port \d+/, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('php.stream-failed', 'php', 'eof_closed', ['failed to open stream'], /\): [Ff]ailed to open stream: /, { deferClass: true, extracts: ['endpoint'] }),
  sig('php.http-request-failed', 'php', 'eof_closed', ['http request failed'], /: [Ff]ailed to open stream: HTTP request failed!/, { hints: ['reading_headers'] }),
  sig('php.fsockopen', 'php', 'refused', ['unable to connect to'], /\b(?:fsockopen|stream_socket_client)\(\): [Uu]nable to connect to /, { deferClass: true, hints: ['connecting'] }),
  sig('php.ssl-operation', 'php', 'tls', ['ssl operation failed'], /\bSSL operation failed with code \d{1,3}/, { deferClass: true }),
];
