// Reverse proxies and load balancers, in their error and access logs: nginx (ngx_event_connect,
// ngx_http_upstream: "recv() failed (104: ...) while reading response header from upstream"),
// Apache httpd mod_proxy (AH01102 and friends), HAProxy (the two-letter session termination
// state of its HTTP log, e.g. "SH--"), Envoy (reset reasons in local replies and access-log
// response flags) and Traefik.
import { sig } from './define';
import type { ErrorClass } from '../types';

const haproxyStates: Record<string, ErrorClass> = {
  SH: 'eof_closed', SD: 'eof_closed', SC: 'refused', sC: 'refused', sH: 'timeout', sD: 'timeout', sQ: 'timeout', cD: 'timeout', CD: 'eof_closed', CH: 'eof_closed',
};
const envoyReasons: Record<string, ErrorClass> = {
  'connection failure': 'refused', 'connection termination': 'eof_closed', 'remote reset': 'reset', 'local reset': 'reset', 'connection timeout': 'timeout', overflow: 'eof_closed', 'protocol error': 'reset',
  'remote connection failure': 'refused', 'local connection failure': 'refused',
};
const envoyFlags: Record<string, ErrorClass> = { UC: 'eof_closed', UF: 'refused', UT: 'timeout', URX: 'reset', UR: 'reset', UH: 'refused', UO: 'eof_closed', UPE: 'reset' };

export const proxySignatures = [
  sig('nginx.syscall', 'nginx', 'reset', ['() failed ('], /\b(?:recv|send|writev|readv|sendfile|connect|SSL_read|SSL_write|SSL_do_handshake|SSL_shutdown)\(\) failed \((\d{1,5}): /,
    { deferClass: true, errno: 'group', extracts: ['endpoint', 'method', 'errno', 'timestamp'] }),
  sig('nginx.upstream-closed', 'nginx', 'eof_closed', ['upstream prematurely closed'], /\bupstream prematurely closed connection\b/, { hints: ['upstream'], extracts: ['endpoint', 'method', 'timestamp'] }),
  sig('nginx.upstream-timeout', 'nginx', 'timeout', ['upstream timed out'], /\bupstream timed out \(110: /, { errno: { fixed: 'ETIMEDOUT' }, hints: ['upstream'], extracts: ['endpoint', 'method', 'timestamp'] }),
  sig('nginx.ssl-handshake', 'nginx', 'tls', ['ssl_do_handshake() failed'], /\bSSL_do_handshake\(\) failed\b/, { hints: ['tls_handshake', 'upstream'], extracts: ['endpoint', 'method', 'timestamp'] }),
  sig('nginx.no-live-upstreams', 'nginx', 'refused', ['no live upstreams'], /\bno live upstreams while connecting to upstream\b/, { hints: ['upstream', 'connecting'] }),
  sig('nginx.client-closed', 'nginx', 'eof_closed', ['client prematurely closed'], /\bclient prematurely closed connection\b/),
  sig('apache.proxy', 'apache', 'reset', ['ah01102', 'ah00957', 'ah01084', 'ah01095', 'ah00898', 'error reading status line'],
    /\b(?:AH01102: error reading status line from remote server|AH00957: [A-Z]{3,6}: attempt to connect to|AH01084: pass request body failed|AH01095: prefetch request body failed|AH00898: Error reading from remote server)/,
    { deferClass: true, hints: ['upstream'], extracts: ['endpoint', 'timestamp'] }),
  sig('haproxy.termination', 'haproxy', 'eof_closed', [' sh-', ' sd-', ' sc-', ' sh-', ' sq-', ' cd-', ' ch-'],
    / (SH|SD|SC|sC|sH|sD|sQ|cD|CD|CH)[-A-Za-z]{2} \d+\/\d+\/\d+\/\d+\/\d+ /, { classByGroup: haproxyStates, hints: ['upstream'], extracts: ['method', 'timestamp'] }),
  sig('haproxy.server-down', 'haproxy', 'refused', ['layer4'], /\breason: Layer4 (connection problem|timeout)\b/, { deferClass: true, classByGroup: { 'connection problem': 'refused', timeout: 'timeout' }, hints: ['upstream'] }),
  sig('envoy.reset-reason', 'envoy', 'reset', ['reset reason: '],
    /\breset reason: (connection failure|connection termination|remote reset|local reset|connection timeout|overflow|protocol error|remote connection failure|local connection failure)\b/,
    { classByGroup: envoyReasons, hints: ['upstream'] }),
  sig('envoy.upstream-connect-error', 'envoy', 'reset', ['upstream connect error or disconnect/reset'], /\bupstream connect error or disconnect\/reset before headers\b/, { deferClass: true, hints: ['upstream', 'reading_headers'] }),
  sig('envoy.access-flag', 'envoy', 'eof_closed', ['" 50'], /" (?:502|503|504) (UC|UF|UT|URX|UR|UH|UO|UPE) \d{1,12} \d{1,12} /, { classByGroup: envoyFlags, hints: ['upstream'], extracts: ['method', 'timestamp'] }),
  sig('traefik.bad-gateway', 'traefik', 'reset', ["'502 bad gateway' caused by", "'504 gateway timeout' caused by"], /'50[24] (?:Bad Gateway|Gateway Timeout)' caused by: /, { deferClass: true, rank: 3, hints: ['upstream'] }),
];
