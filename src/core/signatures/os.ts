// English strerror() texts and errno names as the C library and most runtimes print them. These
// rank lowest: a runtime's own format, when it matches the same line, names the runtime.
import { CODE_CLASS, sig } from './define';

const codeNames = ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN'];

export const osSignatures = [
  sig('os.reset', 'os', 'reset', ['reset by peer'], /\bconnection reset by peer\b/i, { rank: 0, errno: { fixed: 'ECONNRESET' } }),
  sig('os.broken-pipe', 'os', 'broken_pipe', ['broken pipe'], /\bbroken pipe\b/i, { rank: 0, errno: { fixed: 'EPIPE' }, hints: ['writing_body'] }),
  sig('os.refused', 'os', 'refused', ['connection refused'], /\bconnection refused\b/i, { rank: 0, errno: { fixed: 'ECONNREFUSED' }, hints: ['connecting'] }),
  sig('os.timed-out', 'os', 'timeout', ['timed out'], /\b(?:connection|operation|read|connect|request|socket) timed out\b/i, { rank: 0 }),
  sig('os.no-route', 'os', 'host_unreachable', ['no route to host'], /\bno route to host\b/i, { rank: 0, errno: { fixed: 'EHOSTUNREACH' } }),
  sig('os.net-unreachable', 'os', 'host_unreachable', ['unreachable'], /\b(?:network|host) is unreachable\b/i, { rank: 0 }),
  sig('os.dns', 'os', 'dns', ['name or service', 'name resolution', 'servname', 'associated with hostname'],
    /\b(?:name or service not known|temporary failure in name resolution|nodename nor servname provided|no address associated with hostname)\b/i, { rank: 0 }),
  sig('os.conn-aborted', 'os', 'reset', ['connection abort'], /\bsoftware caused connection abort\b/i, { rank: 0, errno: { fixed: 'ECONNABORTED' } }),
  // A bare errno name counts only after words that put it in an error report; a name in quotes or
  // in a list (`const RETRY = ['ECONNRESET']`) is code, not an error.
  sig('os.errno-name', 'os', 'reset', codeNames.map((c) => c.toLowerCase()),
    new RegExp(String.raw`(?:\b(?:read|write|connect|recv|send|writev|readv|getaddrinfo|error|Error|ERROR|ERR!|errno|failed|failure|reason|Exception)(?:[:=]|\b) ?)(${codeNames.join('|')})\b(?!['"\x60])`),
    { rank: 0, role: 'strong', errno: 'group', classByGroup: CODE_CLASS, extracts: ['errno'] }),
];
