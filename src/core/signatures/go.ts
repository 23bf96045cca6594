// Go's net and net/http: error strings from net/net.go (OpError "read tcp a->b: read: ..."),
// syscall's lower-case errno table, net/http/transport.go, and output produced on this machine by
// a Go 1.19 client against loopback servers that reset or close.
import { sig } from './define';

const goUrl = String.raw`\b(?:Get|Post|Put|Patch|Delete|Head|Options) "[^"\s]+": `;

export const goSignatures = [
  sig('go.read-reset', 'go', 'reset', ['reset by peer'], /\b(?:read|write|readfrom|wsarecv|wsasend): connection reset by peer\b/, { errno: { fixed: 'ECONNRESET' }, extracts: ['endpoint', 'method'] }),
  sig('go.broken-pipe', 'go', 'broken_pipe', ['broken pipe'], /\b(?:write|writeto|wsasend): broken pipe\b/, { errno: { fixed: 'EPIPE' }, hints: ['writing_body'], extracts: ['endpoint', 'method'] }),
  sig('go.connect', 'go', 'refused', ['connection refused', 'no route to host', 'network is unreachable', 'connection timed out', 'host is unreachable'],
    /\b(?:connect|connectex): (connection refused|no route to host|network is unreachable|connection timed out|host is unreachable)\b/,
    { classByGroup: { 'connection refused': 'refused', 'no route to host': 'host_unreachable', 'network is unreachable': 'host_unreachable', 'host is unreachable': 'host_unreachable', 'connection timed out': 'timeout' }, hints: ['connecting'], extracts: ['endpoint', 'method'] }),
  sig('go.io-timeout', 'go', 'timeout', ['i/o timeout'], /\bi\/o timeout\b/, { extracts: ['endpoint', 'method'] }),
  sig('go.no-such-host', 'go', 'dns', ['no such host'], /\blookup [\w.-]+(?: on [\w.:[\]%]+)?: no such host\b/, { extracts: ['endpoint'] }),
  sig('go.server-closed-idle', 'go', 'eof_closed', ['server closed idle'], /\bhttp: server closed idle connection\b/, { hints: ['reused_connection', 'idle_connection'], extracts: ['method', 'endpoint'] }),
  sig('go.url-eof', 'go', 'eof_closed', [': eof', ': unexpected eof'], new RegExp(goUrl + '(?:unexpected )?EOF\\b'), { extracts: ['method', 'endpoint'] }),
  sig('go.trailing-eof', 'go', 'eof_closed', [': eof', ': unexpected eof'], /: (?:unexpected )?EOF(?:["']|$)/, { rank: 1 }),
  sig('go.client-timeout', 'go', 'timeout', ['client.timeout'], /\(Client\.Timeout exceeded while (?:awaiting headers|reading body)\)/, { extracts: ['method', 'endpoint'] }),
  sig('go.deadline', 'go', 'timeout', ['deadline exceeded'], /\bcontext deadline exceeded\b/, { rank: 1 }),
  sig('go.request-canceled', 'go', 'timeout', ['request canceled'], /\bnet\/http: request canceled\b/, { rank: 1 }),
  sig('go.tls-handshake-timeout', 'go', 'timeout', ['tls handshake timeout'], /\bnet\/http: TLS handshake timeout\b/, { also: ['tls'], hints: ['tls_handshake'] }),
  sig('go.x509', 'go', 'tls', ['x509: '], /\bx509: (?:certificate|cannot validate)/, { hints: ['tls_handshake'] }),
  sig('go.tls-alert', 'go', 'tls', ['tls: '],
    /\btls: (?:handshake failure|failed to verify certificate|first record does not look like a TLS handshake|bad certificate|unknown certificate authority|protocol version not supported|internal error)\b/,
    { hints: ['tls_handshake'] }),
  sig('go.proxyconnect', 'go', 'proxy', ['proxyconnect'], /\bproxyconnect tcp: /, { hints: ['proxy_tunnel'] }),
  sig('go.goaway', 'go', 'eof_closed', ['goaway'], /\bhttp2: server sent GOAWAY and closed the connection\b/, { hints: ['reused_connection'] }),
  sig('go.transport-broken', 'go', 'eof_closed', ['transport connection broken'], /\bnet\/http: HTTP\/1\.x transport connection broken\b/, { deferClass: true }),
  sig('go.peek-fail', 'go', 'eof_closed', ['readlooppeekfaillocked'], /\breadLoopPeekFailLocked\b/, { hints: ['reused_connection', 'idle_connection'] }),
];
