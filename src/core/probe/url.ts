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

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
