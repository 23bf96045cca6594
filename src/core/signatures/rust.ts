// Rust: std::io::Error's Debug form (`Os { code: 104, kind: ConnectionReset, ... }`) and Display
// form (`... (os error 104)`), hyper's error kinds (IncompleteMessage: "connection closed before
// message completed") and reqwest's "error sending request for url (...)" wrapper.
import { sig } from './define';
import type { ErrorClass } from '../types';

const kinds: Record<string, ErrorClass> = {
  ConnectionReset: 'reset',
  ConnectionAborted: 'reset',
  BrokenPipe: 'broken_pipe',
  ConnectionRefused: 'refused',
  TimedOut: 'timeout',
  UnexpectedEof: 'eof_closed',
  HostUnreachable: 'host_unreachable',
  NetworkUnreachable: 'host_unreachable',
};

export const rustSignatures = [
  sig('rust.io-kind', 'rust', 'reset', ['kind: '], /\bkind: (ConnectionReset|ConnectionAborted|BrokenPipe|ConnectionRefused|TimedOut|UnexpectedEof|HostUnreachable|NetworkUnreachable)\b/,
    { classByGroup: kinds, errno: 'scan' }),
  sig('rust.os-error', 'rust', 'reset', ['(os error '], /\(os error (\d{1,5})\)/, { deferClass: true, errno: 'group' }),
  sig('hyper.incomplete', 'hyper', 'eof_closed', ['connection closed before message completed', 'incompletemessage'],
    /\b(?:connection closed before message completed|IncompleteMessage)\b/, { hints: ['reused_connection'] }),
  sig('reqwest.sending', 'reqwest', 'reset', ['error sending request for url'], /\berror sending request for url \(/, { deferClass: true, extracts: ['endpoint'] }),
  sig('hyper.connect', 'hyper', 'refused', ['tcp connect error', 'error trying to connect'], /\b(?:tcp connect error|error trying to connect)\b/, { deferClass: true, hints: ['connecting'] }),
];
