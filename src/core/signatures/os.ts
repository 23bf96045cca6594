// English strerror() texts and errno names as the C library and most runtimes print them. These
// rank lowest: a runtime's own format, when it matches the same line, names the runtime.
import { CODE_CLASS, sig } from './define';

const codeNames = ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN'];

export const osSignatures = [
  sig('os.reset', 'os', 'reset', ['reset by peer'], /(?:\bConnection|(?:: |\()connection) reset by peer\b/, { rank: 0, errno: { fixed: 'ECONNRESET' } }),
  sig('os.broken-pipe', 'os', 'broken_pipe', ['broken pipe'], /(?:\bBroken|(?:: |\()broken) pipe\b/, { rank: 0, errno: { fixed: 'EPIPE' }, hints: ['writing_body'] }),
  sig('os.refused', 'os', 'refused', ['connection refused'], /(?:\bConnection|(?:: |\()connection) refused\b/, { rank: 0, errno: { fixed: 'ECONNREFUSED' }, hints: ['connecting'] }),
  sig('os.timed-out', 'os', 'timeout', ['timed out'], /(?:\b(?:Connection|Operation|Read|Connect|Request|Socket)|(?:: |\()(?:connection|operation|read|connect|request|socket)) timed out\b/, { rank: 0 }),
  sig('os.no-route', 'os', 'host_unreachable', ['no route to host'], /(?:\bNo|(?:: |\()no) route to host\b/, { rank: 0, errno: { fixed: 'EHOSTUNREACH' } }),
  sig('os.net-unreachable', 'os', 'host_unreachable', ['unreachable'], /(?:\b(?:Network|Host)|(?:: |\()(?:network|host)) is unreachable\b/, { rank: 0 }),
  sig('os.dns', 'os', 'dns', ['name or service', 'name resolution', 'servname', 'associated with hostname'],
    /\b(?:name or service not known|temporary failure in name resolution|nodename nor servname provided|no address associated with hostname)\b/i, { rank: 0 }),
  sig('os.conn-aborted', 'os', 'reset', ['connection abort'], /\bsoftware caused connection abort\b/i, { rank: 0, errno: { fixed: 'ECONNABORTED' } }),
  // A bare errno name counts only after words that put it in an error report; a name in quotes or
  // in a list (`const RETRY = ['ECONNRESET']`) is code, not an error.
  sig('os.errno-name', 'os', 'reset', codeNames.map((c) => c.toLowerCase()),
    new RegExp(String.raw`(?:\b(?:read|write|connect|recv|send|writev|readv|getaddrinfo|error|Error|ERROR|ERR!|errno|failed|failure|reason|Exception)(?:[:=]|\b) ?)(${codeNames.join('|')})\b`),
    { rank: 0, role: 'strong', errno: 'group', classByGroup: CODE_CLASS, extracts: ['errno'] }),
  // OpenSSL's and other TLS stacks' verification texts, shared by many runtimes.
  sig('tls.verify', 'tls', 'tls', ['self-signed certificate', 'self signed certificate', 'certificate has expired', 'unable to get local issuer certificate', 'certificate verify failed', 'unable to verify the first certificate', 'server certificate verification failed', 'ssl routines'],
    /\b(?:self[- ]signed certificate|certificate has expired|unable to get local issuer certificate|certificate verify failed|unable to verify the first certificate|server certificate verification failed|SSL routines)\b/,
    { rank: 0, hints: ['tls_handshake'] }),
];
