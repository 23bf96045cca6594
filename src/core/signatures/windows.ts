// Windows Sockets: WSAE* names, error numbers, and the FormatMessage texts every Windows
// program (Python, .NET, Java, curl for Windows) passes on.
import { WINSOCK_ERRNO, sig } from './define';
import type { ErrorClass } from '../types';

const numbers: Record<string, ErrorClass> = { 10053: 'reset', 10054: 'reset', 10060: 'timeout', 10061: 'refused', 10051: 'host_unreachable', 10065: 'host_unreachable', 11001: 'dns' };
const names: Record<string, ErrorClass> = Object.fromEntries(Object.entries(WINSOCK_ERRNO).map(([n, name]) => [name, numbers[n] ?? 'reset']));

export const windowsSignatures = [
  sig('windows.forcibly-closed', 'windows', 'reset', ['forcibly closed by the remote host'], /\bAn existing connection was forcibly closed by the remote host\b/, { errno: { fixed: 'WSAECONNRESET' } }),
  sig('windows.actively-refused', 'windows', 'refused', ['actively refused'], /\bNo connection could be made because the target machine actively refused it\b/, { errno: { fixed: 'WSAECONNREFUSED' }, hints: ['connecting'] }),
  sig('windows.aborted', 'windows', 'reset', ['aborted by the software in your host machine'], /\bAn established connection was aborted by the software in your host machine\b/, { errno: { fixed: 'WSAECONNABORTED' } }),
  sig('windows.no-response', 'windows', 'timeout', ['did not properly respond after a period of time'],
    /\bA connection attempt failed because the connected party did not properly respond after a period of time\b/, { errno: { fixed: 'WSAETIMEDOUT' }, hints: ['connecting'] }),
  sig('windows.no-such-host', 'windows', 'dns', ['no such host is known'], /\bNo such host is known\b/, { errno: { fixed: 'WSAHOST_NOT_FOUND' } }),
  sig('windows.unreachable', 'windows', 'host_unreachable', ['unreachable host', 'unreachable network'], /\bA socket operation was attempted to an unreachable (?:host|network)\b/),
  sig('windows.wsa-name', 'windows', 'reset', ['wsae', 'wsahost'], new RegExp(String.raw`(?<!['"\x60])\b(${Object.keys(names).join('|')})\b(?!['"\x60])`), { classByGroup: names, errno: 'group' }),
  sig('windows.winerror', 'windows', 'reset', ['winerror 1', 'error 1', 'errno 1'], /\b(?:WinError|error|errno|Error) (10053|10054|10060|10061|10051|10065|11001)\b/, { classByGroup: numbers, errno: 'group' }),
];
