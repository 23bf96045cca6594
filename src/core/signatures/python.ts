// Python: the built-in OSError subclasses (Objects/exceptions.c), http.client, urllib, urllib3,
// requests, aiohttp, httpx/httpcore. Tracebacks produced on this machine by Python 3.11 with
// requests 2.32 / urllib3 2 against loopback servers; aiohttp and httpx texts from their
// exception classes (aiohttp/client_exceptions.py, httpx/_exceptions.py, httpcore/_exceptions.py).
import { sig } from './define';

export const pythonSignatures = [
  sig('python.connection-reset-error', 'python', 'reset', ['connectionreseterror'], /\bConnectionResetError\b/, { errno: { fixed: 'ECONNRESET' } }),
  sig('python.connection-refused-error', 'python', 'refused', ['connectionrefusederror'], /\bConnectionRefusedError\b/, { errno: { fixed: 'ECONNREFUSED' }, hints: ['connecting'] }),
  sig('python.broken-pipe-error', 'python', 'broken_pipe', ['brokenpipeerror'], /\bBrokenPipeError\b/, { errno: { fixed: 'EPIPE' }, hints: ['writing_body'] }),
  sig('python.connection-aborted-error', 'python', 'reset', ['connectionabortederror'], /\bConnectionAbortedError\b/, { errno: { fixed: 'ECONNABORTED' } }),
  sig('python.remote-disconnected', 'python', 'eof_closed', ['remotedisconnected', 'remote end closed'], /\b(?:RemoteDisconnected|Remote end closed connection without response)\b/, { hints: ['reading_headers'] }),
  sig('python.incomplete-read', 'python', 'eof_closed', ['incompleteread'], /\bIncompleteRead\(/, { hints: ['reading_body'] }),
  sig('python.protocol-error', 'python', 'eof_closed', ['protocolerror', 'connection aborted', 'connection broken'], /\b(?:ProtocolError|'Connection aborted\.'|Connection broken: )/, { deferClass: true }),
  sig('python.requests-connection-error', 'python', 'reset', ['connectionerror', 'max retries'],
    /\b(?:requests\.exceptions\.ConnectionError|Max retries exceeded with url)\b/, { deferClass: true, extracts: ['endpoint'] }),
  sig('python.new-connection-error', 'python', 'refused', ['newconnectionerror', 'failed to establish'], /\b(?:NewConnectionError|Failed to establish a new connection)\b/, { deferClass: true, hints: ['connecting'] }),
  sig('python.timeout', 'python', 'timeout', ['readtimeout', 'connecttimeout', 'timeouterror', 'socket.timeout', 'pooltimeout', 'connectiontimeout', 'timed out. ('],
    /(?<!::)\b(?:ReadTimeout(?:Error)?|ConnectTimeout(?:Error)?|TimeoutError: (?:timed out|\[Errno )|socket\.timeout|ServerTimeoutError|PoolTimeout|ConnectionTimeout|timed out\. \((?:read|connect) timeout=)/, { extracts: ['endpoint'] }),
  sig('python.gaierror', 'python', 'dns', ['gaierror', 'nameresolutionerror', 'failed to resolve'], /\b(?:socket\.gaierror|NameResolutionError|Failed to resolve ')/),
  sig('python.ssl-error', 'python', 'tls', ['sslerror', 'sslcertverificationerror', '[ssl: '], /(?:\b(?:ssl|requests\.exceptions|urllib3\.exceptions)\.SSL(?:CertVerification)?Error\b|\bSSLError\(|\[SSL: [A-Z_]+\])/, { hints: ['tls_handshake'] }),
  sig('python.tunnel-failed', 'python', 'proxy', ['tunnel connection failed'], /\bTunnel connection failed: \d{3}/, { hints: ['proxy_tunnel'] }),
  sig('python.proxy-error', 'python', 'proxy', ['proxyerror', 'cannot connect to proxy', 'unable to connect to proxy'], /\b(?:ProxyError|Cannot connect to proxy|Unable to connect to proxy)\b/, { hints: ['proxy_tunnel'] }),
  sig('python.chunked', 'python', 'eof_closed', ['chunkedencodingerror', 'invalidchunklength'], /\b(?:ChunkedEncodingError|InvalidChunkLength)\b/, { deferClass: true, hints: ['reading_body'] }),
  sig('python.urlopen-error', 'python', 'reset', ['urlopen error'], /<urlopen error /, { deferClass: true }),
  sig('aiohttp.server-disconnected', 'aiohttp', 'eof_closed', ['serverdisconnectederror'], /\bServerDisconnectedError\b/),
  sig('python.connect-call-failed', 'python', 'refused', ['connect call failed'], /\bConnect call failed \(/, { rank: 1, hints: ['connecting'] }),
  sig('aiohttp.client-os-error', 'aiohttp', 'reset', ['clientoserror', 'clientconnectorerror', 'cannot connect to host'], /\b(?:ClientOSError|ClientConnectorError|Cannot connect to host)\b/, { deferClass: true }),
  sig('aiohttp.payload', 'aiohttp', 'eof_closed', ['clientpayloaderror', 'response payload is not completed'], /\b(?:ClientPayloadError|Response payload is not completed)\b/, { hints: ['reading_body'] }),
  sig('httpx.remote-protocol', 'httpx', 'eof_closed', ['remoteprotocolerror', 'server disconnected', 'peer closed connection'],
    /\b(?:RemoteProtocolError|Server disconnected without sending a response|peer closed connection without sending complete message body)\b/, { deferClass: true }),
  sig('httpx.read-write-error', 'httpx', 'reset', ['httpx.', 'httpcore.'], /\b(?:httpx|httpcore)\.(?:ReadError|WriteError|ConnectError|NetworkError)\b/, { deferClass: true }),
];
