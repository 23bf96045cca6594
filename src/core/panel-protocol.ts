/**
 * Messages between the extension host and the panel's webview. Both sides validate what they
 * receive: the webview's messages are untrusted input for the host, and vice versa.
 */

export type WebviewMessage = { type: 'ready' };

export type HostMessage = { type: 'hello'; version: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `v` is a well-formed message from the webview. */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isRecord(v)) return false;
  return v.type === 'ready';
}

/** True when `v` is a well-formed message from the host. */
export function isHostMessage(v: unknown): v is HostMessage {
  if (!isRecord(v)) return false;
  return v.type === 'hello' && typeof v.version === 'string';
}
