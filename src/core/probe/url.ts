/** Validation of the URL a user asks us to probe; shared by the CLI and the editor. */

export type ParsedProbeUrl = { ok: true; url: URL } | { ok: false; message: string };

/**
 * Parses and checks a probe target. Only absolute http:// and https:// URLs with a host are
 * accepted; the message of a rejection is written for people (it ends up on stderr or in a
 * notification).
 */
export function parseProbeUrl(input: string): ParsedProbeUrl {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'no URL given (expected http://host[:port]/path or https://...)' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, message: `'${clip(text)}' has no scheme; did you mean http://${clip(text)} or https://${clip(text)}?` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `'${clip(text)}' is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `unsupported scheme '${url.protocol.slice(0, -1)}': the probe speaks http and https only` };
  }
  if (url.hostname === '') return { ok: false, message: `'${clip(text)}' has no host` };
  return { ok: true, url };
}

/** The host as the socket layer wants it: IPv6 literals without their brackets. */
export function bareHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/** The effective port: the explicit one, else the scheme's default. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * `text` with any `user:password@` before the host replaced, also where the URL is malformed and
 * the URL parser (and so redactUrl) cannot find it: messages quote what the user typed.
 */
export function hideUserinfo(text: string): string {
  const dbl = text.indexOf('//');
  const at0 = text.indexOf('@');
  if (at0 === -1) return text;
  const start = dbl !== -1 && dbl < at0 ? dbl + 2 : 0;
  let end = text.length;
  for (const c of ['/', '?', '#']) {
    const i = text.indexOf(c, start);
    if (i !== -1 && i < end) end = i;
  }
  const at = text.lastIndexOf('@', end - 1);
  return at >= start ? `${text.slice(0, start)}[redacted]@${text.slice(at + 1)}` : text;
}

function clip(s: string): string {
  const shown = hideUserinfo(s);
  return shown.length > 200 ? `${shown.slice(0, 200)}...` : shown;
}
