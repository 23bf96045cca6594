import { redactUrl } from '../redact';
import type { ProxyInfo } from '../types';

/** ProxyInfo plus the unredacted proxy URL, which stays inside the probe. */
export type ProxyDecision = ProxyInfo & { rawUrl?: string };

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** The proxy variables that are set, values redacted (proxy URLs often carry credentials). */
export function proxyVariables(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROXY_VARS) {
    const v = env[name];
    if (v !== undefined && v !== '') out[name] = name.toLowerCase() === 'no_proxy' ? v : redactUrl(v);
  }
  return out;
}

/** Lower-case first, as curl does (curl ignores upper-case HTTP_PROXY entirely: "httpoxy"). */
function pick(env: Record<string, string | undefined>, lower: string, upper: string | null): { name: string; value: string } | null {
  for (const name of upper ? [lower, upper] : [lower]) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { name, value: v.trim() };
  }
  return null;
}

/** Whether `host:port` matches a NO_PROXY list (comma separated; `*`, suffixes, `.suffix`, host:port). */
export function bypassesProxy(host: string, port: number, noProxy: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: number | null = null;
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && !entry.includes('::')) {
      entry = m[1] ?? entry;
      entryPort = Number(m[2]);
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
    if (entryPort !== null && entryPort !== port) continue;
    if (h === entry.replace(/^\./, '') || (entry.startsWith('.') ? h.endsWith(entry) : h.endsWith(`.${entry}`))) return true;
  }
  return false;
}

/**
 * Which proxy a curl-like client would use for `url` given `env`, and why. `explicit` (from the
 * caller) wins over the environment; `null` means "connect directly".
 */
export function proxyFor(url: URL, env: Record<string, string | undefined>, explicit?: string | null): ProxyDecision {
  const variables = proxyVariables(env);
  if (explicit !== undefined) {
    return explicit === null
      ? { variables, url: null, source: 'option', reason: 'direct connection requested' }
      : { variables, url: redactUrl(explicit), source: 'option', reason: 'proxy given explicitly', rawUrl: explicit };
  }
  const https = url.protocol === 'https:';
  const chosen = https ? pick(env, 'https_proxy', 'HTTPS_PROXY') : pick(env, 'http_proxy', null);
  const fallback = chosen ?? pick(env, 'all_proxy', 'ALL_PROXY');
  if (!fallback) {
    const ignoredUpper = !https && env.HTTP_PROXY ? ' (upper-case HTTP_PROXY is set but curl-like clients ignore it for http:// URLs; Go and some libraries honour it)' : '';
    return { variables, url: null, source: 'none', reason: `no proxy variable applies to ${url.protocol}// URLs${ignoredUpper}` };
  }
  const noProxy = pick(env, 'no_proxy', 'NO_PROXY');
  const host = url.hostname;
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  if (noProxy && bypassesProxy(host, port, noProxy.value)) {
    return { variables, url: null, source: noProxy.name, reason: `${noProxy.name} lists ${host}: direct connection` };
  }
  return { variables, url: redactUrl(fallback.value), source: fallback.name, reason: `${fallback.name} applies to ${url.protocol}// URLs`, rawUrl: fallback.value };
}
