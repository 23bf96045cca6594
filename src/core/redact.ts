/**
 * Credential redaction for everything we print, copy or log: URL userinfo, credential-bearing
 * headers, and token-like query parameters. Shared by the probe, the CLI, the panel and reports.
 * (Written by the lead; the probe engineer may extend it — keep these exports.)
 */

export const REDACTED = '[redacted]';

/** Header names whose values are secrets. Compared case-insensitively. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-amz-security-token|private-token|x-csrf-token)$/i;

/** Query parameter names whose values are secrets. */
const SECRET_PARAMS = /^(?:token|access_token|refresh_token|id_token|api_key|apikey|api-key|key|sig|signature|password|passwd|pwd|secret|client_secret|auth|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** True when a header's value must not be shown. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.test(name.trim());
}

/** Headers whose value is a URL, which can carry userinfo or a token of its own. */
const URL_HEADERS = /^(location|content-location|referer|refresh|link)$/i;

/** A copy of `headers` with secret values replaced (and credentials inside URL-valued headers). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretHeader(k) ? REDACTED : URL_HEADERS.test(k.trim()) ? redactUrl(v) : v;
  return out;
}

/** A URL string with userinfo and secret query values replaced; unparsable input goes through redactText. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactText(url);
  }
  if (u.username || u.password) {
    u.username = u.username ? REDACTED : '';
    u.password = u.password ? REDACTED : '';
  }
  for (const name of Array.from(u.searchParams.keys())) {
    if (SECRET_PARAMS.test(name)) u.searchParams.set(name, REDACTED);
  }
  return u.toString();
}

// Each pattern is linear: bounded character classes, no nested quantifiers.
// A lookbehind rather than `\b` before the scheme: same matches, and recheck can prove it linear.
const USERINFO = /(?<![a-z0-9_+.-])([a-z][a-z0-9+.-]{0,20}:\/\/)[^\s/@:]{1,256}(?::[^\s/@]{0,256})?@/gi;
const HEADER_LINE = /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|private-token)(\s{0,4}[:=]\s{0,4})("?)[^\r\n"]{1,4096}/gi;
const QUERY_SECRET = /([?&;](?:token|access_token|refresh_token|id_token|api_key|apikey|key|sig|signature|password|passwd|pwd|secret|client_secret|auth)=)[^&#\s"'<>]{1,4096}/gi;
const BEARER = /\b(bearer|basic)\s{1,4}[a-z0-9._~+/=-]{8,4096}/gi;

/**
 * The one-call helper: redacts a URL (userinfo, secret query values), a header map (secret
 * header values; other values as free text), or free text.
 */
export function redact(value: string | URL): string;
export function redact(value: Record<string, string>): Record<string, string>;
export function redact(value: string | URL | Record<string, string>): string | Record<string, string> {
  if (value instanceof URL) return redactUrl(value.toString());
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]{0,20}:\/\/\S+$/i.test(value.trim()) ? redactUrl(value.trim()) : redactText(value);
  return Object.fromEntries(Object.entries(redactHeaders(value)).map(([k, v]) => [k, redactText(v)]));
}

/** Redacts credentials anywhere in free text (log lines, error messages, evidence). */
export function redactText(text: string): string {
  return text
    .replace(USERINFO, `$1${REDACTED}@`)
    .replace(HEADER_LINE, `$1$2$3${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(QUERY_SECRET, `$1${REDACTED}`);
}
