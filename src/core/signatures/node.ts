// Node.js core (net, http, tls, dns) and the HTTP clients built on it (axios, node-fetch, got).
// Formats: Node's lib/internal/errors.js (`${syscall} ${code} ${address}:${port}`), lib/_http_client.js
// ("socket hang up"), lib/_tls_wrap.js, and error dumps produced on this machine by Node 20.
import { CODE_CLASS, sig } from './define';

const syscallCodes = ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTDOWN'];

export const nodeSignatures = [
  // `Error: read ECONNRESET`, `connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND host`
  sig('node.syscall-code', 'node', 'reset', syscallCodes.map((c) => c.toLowerCase()),
    new RegExp(String.raw`\b(?:read|write|connect|getaddrinfo|queryA|queryAaaa|writev|shutdown) (${syscallCodes.join('|')})\b`),
    { role: 'strong', errno: 'group', classByGroup: CODE_CLASS, extracts: ['errno', 'endpoint'] }),
  sig('node.socket-hang-up', 'node', 'eof_closed', ['socket hang up'], /\bsocket hang up\b/, { errno: { fixed: 'ECONNRESET' }, hints: ['reading_headers'] }),
  sig('node.tls-disconnected', 'node', 'reset', ['secure tls connection'],
    /\bClient network socket disconnected before secure TLS connection was established\b/, { also: ['tls'], errno: { fixed: 'ECONNRESET' }, hints: ['tls_handshake'] }),
  sig('node.tunnel', 'node', 'proxy', ['tunneling socket'], /\btunneling socket could not be established\b/, { hints: ['proxy_tunnel'] }),
  sig('node.fetch-failed', 'node', 'reset', ['fetch failed'], /\bTypeError: fetch failed\b/, { role: 'head', deferClass: true }),
  sig('node.fetch-error', 'node', 'reset', ['fetcherror'], /\bFetchError: request to [^\s]+ failed, reason:/, { deferClass: true, extracts: ['endpoint'] }),
  sig('node.premature-close', 'node', 'eof_closed', ['premature close'], /\b(?:ERR_STREAM_PREMATURE_CLOSE|Premature close)\b/, { hints: ['reading_body'] }),
  sig('node.tls-cert', 'node', 'tls', ['cert_has_expired', 'self_signed_cert', 'unable_to_verify_leaf_signature', 'unable_to_get_issuer_cert_locally', 'err_tls_cert_altname_invalid'],
    /\b(CERT_HAS_EXPIRED|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|ERR_TLS_CERT_ALTNAME_INVALID)\b(?!['"\x60])/,
    { errno: 'group' }),
  sig('node.abort-timeout', 'node', 'timeout', ['aborted due to timeout'], /\bThe operation was aborted due to timeout\b/),
  sig('node.aborted', 'node', 'eof_closed', ['error: aborted'], /\bError: aborted$/, { errno: { fixed: 'ECONNRESET' }, hints: ['reading_body'] }),
  sig('node.axios-timeout', 'node', 'timeout', ['ms exceeded'], /\btimeout of \d{1,9}ms exceeded\b/, { errno: { fixed: 'ECONNABORTED' } }),
  // Lines of a Node error dump: they only count under an error line.
  sig('node.dump-code', 'node', 'reset', ['code:'],
    /^\s{1,40}code: '([A-Z_]{3,40})',?$/, { role: 'context', errno: 'group', classByGroup: CODE_CLASS }),
];
