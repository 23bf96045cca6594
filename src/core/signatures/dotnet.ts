// .NET (System.Net.Http, System.Net.Sockets, System.Net.Security): resource strings of
// dotnet/runtime (net_http_client_execution_error, net_io_readfailure, net_http_invalid_response_premature_eof,
// SocketError messages from the OS), on Linux and Windows.
import { sig } from './define';

export const dotnetSignatures = [
  sig('dotnet.http-request-exception', 'dotnet', 'reset', ['httprequestexception', 'error occurred while sending the request'],
    /\b(?:HttpRequestException|An error occurred while sending the request)\b/, { role: 'head', deferClass: true }),
  sig('dotnet.socket-exception', 'dotnet', 'reset', ['socketexception ('], /\bSocketException \((\d{1,6})\): /, { deferClass: true, errno: 'group' }),
  sig('dotnet.transport-read', 'dotnet', 'reset', ['transport connection'], /\bUnable to (read data from|write data to) the transport connection: /, { deferClass: true }),
  sig('dotnet.premature', 'dotnet', 'eof_closed', ['response ended prematurely'], /\bThe response ended prematurely\b/, { hints: ['reading_headers'] }),
  sig('dotnet.timeout', 'dotnet', 'timeout', ['httpclient.timeout', 'taskcanceledexception'], /\b(?:HttpClient\.Timeout of [\d.]{1,12} seconds elapsing|TaskCanceledException: The request was canceled due to the configured HttpClient\.Timeout)/),
  sig('dotnet.ssl', 'dotnet', 'tls', ['ssl connection could not be established', 'remote certificate is invalid', 'authenticationexception'],
    /\b(?:The SSL connection could not be established|The remote certificate is invalid|AuthenticationException: )/, { hints: ['tls_handshake'] }),
  sig('dotnet.refused-endpoint', 'dotnet', 'refused', ['connection refused ('], /\bConnection refused \([\w.:[\]%-]+\)/, { errno: { fixed: 'ECONNREFUSED' }, hints: ['connecting'], extracts: ['endpoint'] }),
  sig('dotnet.proxy-tunnel', 'dotnet', 'proxy', ['proxy tunnel request'], /\bThe proxy tunnel request to proxy '[^'\s]+' failed/, { hints: ['proxy_tunnel'] }),
];
