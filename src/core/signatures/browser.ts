// Browsers and browser automation: Chromium's net error names (net/base/net_error_list.h, shown
// as net::ERR_* in DevTools, Playwright and Puppeteer), Firefox's NS_ERROR_* codes and error
// page titles, and Apple's NSURLErrorDomain codes (Safari, URLSession).
import { sig } from './define';
import type { ErrorClass } from '../types';

const chromium: Record<string, ErrorClass> = {
  CONNECTION_RESET: 'reset', CONNECTION_ABORTED: 'reset', CONNECTION_CLOSED: 'eof_closed', EMPTY_RESPONSE: 'eof_closed',
  CONNECTION_REFUSED: 'refused', CONNECTION_TIMED_OUT: 'timeout', TIMED_OUT: 'timeout', NAME_NOT_RESOLVED: 'dns', NAME_RESOLUTION_FAILED: 'dns',
  ADDRESS_UNREACHABLE: 'host_unreachable', NETWORK_CHANGED: 'reset', SOCKET_NOT_CONNECTED: 'reset', CONNECTION_FAILED: 'refused',
  SSL_PROTOCOL_ERROR: 'tls', CERT_AUTHORITY_INVALID: 'tls', CERT_COMMON_NAME_INVALID: 'tls', CERT_DATE_INVALID: 'tls', SSL_VERSION_OR_CIPHER_MISMATCH: 'tls',
  PROXY_CONNECTION_FAILED: 'proxy', TUNNEL_CONNECTION_FAILED: 'proxy', PROXY_AUTH_REQUESTED: 'proxy',
  INCOMPLETE_CHUNKED_ENCODING: 'eof_closed', CONTENT_LENGTH_MISMATCH: 'eof_closed', HTTP2_PROTOCOL_ERROR: 'reset', HTTP2_PING_FAILED: 'timeout', QUIC_PROTOCOL_ERROR: 'reset',
};
const firefox: Record<string, ErrorClass> = {
  NET_RESET: 'reset', NET_INTERRUPT: 'eof_closed', CONNECTION_REFUSED: 'refused', NET_TIMEOUT: 'timeout', UNKNOWN_HOST: 'dns', PROXY_CONNECTION_REFUSED: 'proxy', UNKNOWN_PROXY_HOST: 'proxy', NET_PARTIAL_TRANSFER: 'eof_closed',
};
const nsurl: Record<string, ErrorClass> = { '-1005': 'reset', '-1004': 'refused', '-1001': 'timeout', '-1003': 'dns', '-1200': 'tls', '-1009': 'host_unreachable' };

export const browserSignatures = [
  sig('chromium.net-error', 'chromium', 'reset', ['err_'], new RegExp(String.raw`\b(?:net::)?ERR_(${Object.keys(chromium).join('|')})\b`), { classByGroup: chromium, extracts: ['endpoint', 'method'] }),
  sig('firefox.ns-error', 'firefox', 'reset', ['ns_error_'], new RegExp(String.raw`\bNS_ERROR_(${Object.keys(firefox).join('|')})\b`), { classByGroup: firefox }),
  sig('firefox.reset-page', 'firefox', 'reset', ['was reset while the page was loading'], /\bThe connection to the server was reset while the page was loading\b/),
  sig('apple.nsurl', 'apple', 'reset', ['nsurlerrordomain'], /\bNSURLErrorDomain Code=(-1005|-1004|-1001|-1003|-1200|-1009)\b/, { classByGroup: nsurl }),
  sig('apple.connection-lost', 'apple', 'reset', ['network connection was lost'], /\bThe network connection was lost\b/),
];
