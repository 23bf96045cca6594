/**
 * Names of things for people, shared by hovers, diagnostics, terminal links and the panel.
 * Localized through @vscode/l10n when the host configured a bundle.
 */
import * as l10n from '@vscode/l10n';
import type { Endpoint } from './types';

/** People's name for an error class ("Connection reset by peer"). */
export function classLabel(errorClass: string): string {
  switch (errorClass) {
    case 'reset':
      return l10n.t('Connection reset by peer');
    case 'eof_closed':
      return l10n.t('Connection closed before the response');
    case 'broken_pipe':
      return l10n.t('Broken pipe (peer closed while we were writing)');
    case 'refused':
      return l10n.t('Connection refused');
    case 'timeout':
      return l10n.t('Timed out');
    case 'tls':
      return l10n.t('TLS failure');
    case 'dns':
      return l10n.t('Name resolution failed');
    case 'host_unreachable':
      return l10n.t('Host or network unreachable');
    case 'proxy':
      return l10n.t('Proxy failure');
    default:
      return errorClass;
  }
}

/** "host:port" (IPv6 in brackets), the host alone when the port is unknown, or "(no endpoint)". */
export function endpointText(e: Endpoint | null): string {
  if (!e) return '(no endpoint)';
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host;
  return e.port == null ? host : `${host}:${e.port}`;
}
