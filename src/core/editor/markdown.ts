/**
 * Markdown building for hovers, free of the editor so that a benchmark can time it. Text we did not
 * write (log lines, hosts, methods) is always escaped: a log line must never become a link or HTML.
 */

/** Backslash-escapes every ASCII punctuation character (CommonMark allows it for all of them) and folds
 * line breaks into spaces, so `text` renders literally: no links, emphasis, HTML or code spans. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** A `command:` URI with JSON arguments, as VS Code's trusted Markdown expects. Parentheses and the
 * other characters encodeURIComponent leaves alone are encoded too: a `)` from a log line in the
 * arguments would otherwise end the Markdown link early. */
export function commandUri(command: string, args: readonly unknown[]): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}

/** Shortens `text` to at most `max` characters (an ellipsis marks the cut). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
