// undici (Node's fetch and the undici package): lib/core/errors.js names one class per failure with
// a stable code; messages as printed on this machine by undici 7 and Node 20's bundled copy.
import { sig } from './define';

export const undiciSignatures = [
  sig('undici.other-side-closed', 'undici', 'eof_closed', ['other side closed'], /\bSocketError: other side closed\b/, { errno: { fixed: 'UND_ERR_SOCKET' } }),
  sig('undici.headers-timeout', 'undici', 'timeout', ['headers timeout'], /\b(?:HeadersTimeoutError|Headers Timeout Error|UND_ERR_HEADERS_TIMEOUT)\b/, { errno: { fixed: 'UND_ERR_HEADERS_TIMEOUT' }, hints: ['reading_headers'] }),
  sig('undici.body-timeout', 'undici', 'timeout', ['body timeout'], /\b(?:BodyTimeoutError|Body Timeout Error|UND_ERR_BODY_TIMEOUT)\b/, { errno: { fixed: 'UND_ERR_BODY_TIMEOUT' }, hints: ['reading_body'] }),
  sig('undici.connect-timeout', 'undici', 'timeout', ['connect timeout'], /\b(?:ConnectTimeoutError|Connect Timeout Error|UND_ERR_CONNECT_TIMEOUT)\b/, { errno: { fixed: 'UND_ERR_CONNECT_TIMEOUT' }, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('undici.socket-code', 'undici', 'eof_closed', ['und_err_socket'], /^\s{1,40}code: 'UND_ERR_SOCKET',?$/, { role: 'context', errno: { fixed: 'UND_ERR_SOCKET' } }),
  sig('undici.proxy-tunnel', 'undici', 'proxy', ['when http tunneling'], /\bProxy response \(\d{3}\) !== 200 when HTTP Tunneling\b/, { hints: ['proxy_tunnel'] }),
];
