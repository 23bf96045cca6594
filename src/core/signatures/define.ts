import type { ErrorClass } from '../types';
import type { Signature } from './types';

type Extra = Partial<Omit<Signature, 'id' | 'runtime' | 'class' | 'keywords' | 'pattern'>>;

/**
 * Shorthand for catalog entries: runtime formats rank 2 unless told otherwise. A signature that
 * names an errno (fixed, or read from the text) lists `errno` among the fields it extracts.
 */
export function sig(id: string, runtime: string, cls: ErrorClass, keywords: string[], pattern: RegExp, extra: Extra = {}): Signature {
  const extracts = [...(extra.extracts ?? [])];
  if (extra.errno !== undefined && !extracts.includes('errno')) extracts.push('errno');
  return { id, runtime, class: cls, keywords, pattern, rank: 2, ...extra, extracts };
}

/** Class of a symbolic errno or runtime error code; the table the detector uses everywhere. */
export const CODE_CLASS: Readonly<Record<string, ErrorClass>> = {
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  WSAECONNRESET: 'reset',
  WSAECONNABORTED: 'reset',
  EPIPE: 'broken_pipe',
  ECONNREFUSED: 'refused',
  WSAECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  WSAETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'host_unreachable',
  EHOSTDOWN: 'host_unreachable',
  ENETDOWN: 'host_unreachable',
  WSAEHOSTUNREACH: 'host_unreachable',
  WSAENETUNREACH: 'host_unreachable',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  WSAHOST_NOT_FOUND: 'dns',
  UND_ERR_SOCKET: 'eof_closed',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  CERT_HAS_EXPIRED: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls',
  EPROTO: 'tls',
};

/** Linux errno numbers as runtimes print them (`[Errno 104]`, `(104: ...)`, `os error 104`). */
export const LINUX_ERRNO: Readonly<Record<number, string>> = {
  32: 'EPIPE',
  101: 'ENETUNREACH',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  112: 'EHOSTDOWN',
  113: 'EHOSTUNREACH',
};

/** Windows Sockets error numbers (`(10054)`, `[WinError 10054]`). */
export const WINSOCK_ERRNO: Readonly<Record<number, string>> = {
  10053: 'WSAECONNABORTED',
  10054: 'WSAECONNRESET',
  10060: 'WSAETIMEDOUT',
  10061: 'WSAECONNREFUSED',
  10051: 'WSAENETUNREACH',
  10065: 'WSAEHOSTUNREACH',
  11001: 'WSAHOST_NOT_FOUND',
};

/** curl exit codes / CURLcode values and their libcurl names. */
export const CURL_CODES: Readonly<Record<number, { name: string; class: ErrorClass }>> = {
  5: { name: 'CURLE_COULDNT_RESOLVE_PROXY', class: 'proxy' },
  6: { name: 'CURLE_COULDNT_RESOLVE_HOST', class: 'dns' },
  7: { name: 'CURLE_COULDNT_CONNECT', class: 'refused' },
  16: { name: 'CURLE_HTTP2', class: 'reset' },
  18: { name: 'CURLE_PARTIAL_FILE', class: 'eof_closed' },
  28: { name: 'CURLE_OPERATION_TIMEDOUT', class: 'timeout' },
  35: { name: 'CURLE_SSL_CONNECT_ERROR', class: 'tls' },
  52: { name: 'CURLE_GOT_NOTHING', class: 'eof_closed' },
  55: { name: 'CURLE_SEND_ERROR', class: 'broken_pipe' },
  56: { name: 'CURLE_RECV_ERROR', class: 'reset' },
  58: { name: 'CURLE_SSL_CERTPROBLEM', class: 'tls' },
  59: { name: 'CURLE_SSL_CIPHER', class: 'tls' },
  60: { name: 'CURLE_PEER_FAILED_VERIFICATION', class: 'tls' },
  77: { name: 'CURLE_SSL_CACERT_BADFILE', class: 'tls' },
  92: { name: 'CURLE_HTTP2_STREAM', class: 'reset' },
  97: { name: 'CURLE_PROXY', class: 'proxy' },
};
