/**
 * Structural checks of Markdown we build around text we did not write. Without a Markdown parser
 * in the dependencies, the checks read the Markdown the way CommonMark does for the constructs
 * that matter here: backslash escapes, links, images, autolinks, raw HTML and code spans.
 */

/** Labels of the links the hover builds; any other link label is injected text. */
export const HOVER_LINK_LABELS = ['Explain in panel', 'Probe endpoint', 'Insert fix'] as const;

/**
 * Problems in hover Markdown: links other than ours (label, `command:` scheme and id), link
 * destinations that a character of the arguments could end early, raw `<`, code spans, images,
 * and `command:` anywhere outside our links. Empty when the Markdown is clean.
 */
export function hoverMarkdownProblems(md: string, allowedCommands: readonly string[]): string[] {
  const problems: string[] = [];
  const ids = new Set(allowedCommands);
  let links = 0;
  let outside = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (c === '\\') {
      outside += md.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '[') {
      const close = md.indexOf('](', i);
      const label = close === -1 ? '' : md.slice(i + 1, close);
      if (!(HOVER_LINK_LABELS as readonly string[]).includes(label)) {
        problems.push(`unescaped '[' at ${i}: ${JSON.stringify(md.slice(i, i + 60))}`);
        continue;
      }
      if (i > 0 && md[i - 1] === '!') problems.push(`image at ${i}`);
      const end = md.indexOf(')', close + 2);
      const dest = md.slice(close + 2, end === -1 ? md.length : end);
      // A destination must be one token: no parentheses (CommonMark balances them, and one from
      // the arguments would end the link early), no spaces, no angle brackets or backslashes.
      const m = /^command:([A-Za-z0-9_.-]+)\?([A-Za-z0-9%._~-]*)$/.exec(dest);
      if (!m) problems.push(`link destination is not a clean command URI: ${JSON.stringify(dest.slice(0, 120))}`);
      else if (!ids.has(m[1]!)) problems.push(`link to a command that is not ours: ${m[1]}`);
      else {
        try {
          JSON.parse(decodeURIComponent(m[2]!));
        } catch {
          problems.push(`command arguments are not JSON after decoding: ${m[1]}`);
        }
      }
      links++;
      i = end === -1 ? md.length : end;
      continue;
    }
    if (c === '<') problems.push(`raw '<' at ${i}: ${JSON.stringify(md.slice(i, i + 40))}`);
    if (c === '`') problems.push(`code span marker at ${i}`);
    if (c === ']') problems.push(`unescaped ']' at ${i}`);
    outside += c;
  }
  if (/command:/i.test(outside)) problems.push('`command:` outside our links');
  if (/https?:\/\//i.test(outside)) problems.push('a bare URL outside our links (would be autolinked)');
  if (links === 0) problems.push('no link at all (the hover lost its actions)');
  return problems;
}

/**
 * Problems in a Markdown report: outside the fenced block of log text, no unescaped `<`, `[`,
 * `]`, backticks or line breaks that the text could have brought in; the fence is never closed by
 * the text itself.
 */
export function reportMarkdownProblems(md: string): string[] {
  const problems: string[] = [];
  const lines = md.split('\n');
  let fence: string | null = null;
  let fences = 0;
  for (const line of lines) {
    if (fence !== null) {
      if (line.startsWith(fence) && line.slice(fence.length).trim() === '' && /^`+$/.test(line.trim())) fence = null;
      continue;
    }
    const open = /^(`{3,})text$/.exec(line);
    if (open) {
      fence = open[1]!;
      fences++;
      continue;
    }
    if (line.includes('\r')) problems.push(`a carriage return outside the fence: ${JSON.stringify(line.slice(0, 80))}`);
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '<' || c === '[' || c === ']' || c === '`') problems.push(`unescaped ${JSON.stringify(c)} in ${JSON.stringify(line.slice(0, 100))}`);
    }
  }
  if (fence !== null) problems.push('the fence of the log text is never closed');
  if (fences !== 1) problems.push(`expected one fenced block, saw ${fences}`);
  return problems;
}
