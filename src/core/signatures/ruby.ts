// Ruby: Errno::* classes (one per errno), Net::HTTP (net/http, net/protocol: "Failed to open TCP
// connection to host:port (...)", Net::ReadTimeout, EOFError "end of file reached"), OpenSSL,
// and Faraday's wrappers.
import { CODE_CLASS, sig } from './define';

export const rubySignatures = [
  sig('ruby.errno', 'ruby', 'reset', ['errno::'], /\bErrno::(E[A-Z]{3,20})\b/, { errno: 'group', classByGroup: CODE_CLASS }),
  sig('ruby.eof', 'ruby', 'eof_closed', ['end of file reached'], /\bend of file reached\b/, { hints: ['reading_headers'] }),
  sig('ruby.net-timeout', 'ruby', 'timeout', ['net::readtimeout', 'net::opentimeout', 'net::writetimeout'], /\bNet::(?:Read|Open|Write)Timeout\b/),
  sig('ruby.failed-to-open', 'ruby', 'refused', ['failed to open tcp connection'], /\bFailed to open TCP connection to /, { deferClass: true, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('ruby.socket-error', 'ruby', 'dns', ['getaddrinfo: '], /\bgetaddrinfo: /, { deferClass: true }),
  sig('ruby.openssl', 'ruby', 'tls', ['openssl::ssl::sslerror', 'ssl_connect returned'], /\b(?:OpenSSL::SSL::SSLError|SSL_connect returned=\d)/, { hints: ['tls_handshake'] }),
  sig('ruby.faraday', 'ruby', 'reset', ['faraday::'], /\bFaraday::(?:ConnectionFailed|TimeoutError|SSLError)\b/, { deferClass: true }),
];
