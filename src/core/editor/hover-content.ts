/**
 * The work behind a hover on error text: detect on a small window of lines around the hovered one,
 * rank causes, and build the Markdown. Editor-free, so the benchmark times exactly what the hover does.
 */
import { detect } from '../detect';
import { getCause, rankCauses, retrySafety } from '../causes';
import type { Endpoint, Finding } from '../types';
import { clip, commandUri, escapeMarkdown } from './markdown';
import { classLabel, endpointText } from '../labels';

/** Lines of context read above and below the hovered line, so a trace whose first line sits a few
 * lines up is still recognised when the user hovers one of its frames. */
export const HOVER_CONTEXT_LINES = 6;

/** Longest line the hover reads; longer lines are cut (a 10 MB minified line must not stall a hover). */
export const HOVER_MAX_LINE_CHARS = 4096;

/** Line access by 0-based index, as a text document offers it. */
export interface LineReader {
  readonly lineCount: number;
  lineAt(index: number): string;
}

/**
 * The finding whose span covers the 0-based line `line`, detected on that line and
 * {@link HOVER_CONTEXT_LINES} around it (never the whole document). Null when there is none.
 */
export function findingAtLine(doc: LineReader, line: number, character?: number): Finding | null {
  const from = Math.max(0, line - HOVER_CONTEXT_LINES);
  const to = Math.min(doc.lineCount - 1, line + HOVER_CONTEXT_LINES);
  const lines: string[] = [];
  for (let i = from; i <= to; i++) lines.push(clip(doc.lineAt(i), HOVER_MAX_LINE_CHARS));
  const hovered = line + 1;
  let best: Finding | null = null;
  for (const f of detect(lines.join('\n'), { firstLine: from + 1 })) {
    if (f.line > hovered || f.endLine < hovered) continue;
    // Several findings on one line: prefer the one under the cursor.
    if (character !== undefined && f.line === hovered && f.endLine === hovered) {
      const col = character + 1;
      if (col >= f.column && col <= f.endColumn) return f;
    }
    best ??= f;
  }
  return best;
}

export { classLabel } from '../labels';

/** "host:port" (IPv6 in brackets), or the host alone when the port is unknown. */
export function endpointLabel(e: Endpoint): string {
  return endpointText(e);
}

/** The command ids the hover links to; the adapter passes them in (core does not know the editor's ids). */
export interface HoverCommands {
  explain: string;
  probe: string;
  insertFix: string;
}

export interface HoverContent {
  /** Markdown in which every piece of text from the log is escaped. */
  markdown: string;
  /** Command ids the Markdown links to: exactly what the adapter may trust. */
  commands: string[];
  finding: Finding;
}

/** The first sentence of `text` (up to a sentence end followed by a capital), or all of it. */
export function firstSentence(text: string): string {
  const m = /[.!?](?=\s+[A-Z])/.exec(text);
  return m ? text.slice(0, m.index + 1) : text;
}

/** How many ranked causes the hover lists. */
export const HOVER_MAX_CAUSES = 3;

/**
 * Builds the hover for `finding`. `explainArgs` are passed to the explain command (the adapter
 * decides what identifies the occurrence: document URI and line, terminal, …).
 */
export function buildHover(finding: Finding, commands: HoverCommands, explainArgs: unknown): HoverContent {
  const out: string[] = [];
  const facts = [escapeMarkdown(finding.runtime)];
  if (finding.errno) facts.push(escapeMarkdown(finding.errno));
  out.push(`**${escapeMarkdown(classLabel(finding.class))}** · ${facts.join(' · ')}`);
  const where: string[] = [];
  if (finding.method) where.push(escapeMarkdown(finding.method));
  if (finding.endpoint) where.push(escapeMarkdown(clip(finding.endpoint.url ?? endpointLabel(finding.endpoint), 200)));
  if (where.length > 0) out.push(`Request: ${where.join(' ')}`);

  const ranked = rankCauses([finding]).slice(0, HOVER_MAX_CAUSES);
  if (ranked.length > 0) {
    const items = ranked.map((r, i) => {
      const info = getCause(r.id);
      const pct = Math.round(r.confidence * 100);
      // Two lines per cause: a hard line break (two trailing spaces) keeps the second under the first.
      return `${i + 1}. **${escapeMarkdown(info.title)}** (${pct}%): ${escapeMarkdown(info.summary[0])}  \n   ${escapeMarkdown(info.summary[1])}`;
    });
    out.push(`Likely causes:\n\n${items.join('\n')}`);
  }

  const retry = retrySafety(finding.method);
  const verdict = retry.verdict === 'safe' ? 'safe to retry' : retry.verdict === 'unsafe' ? 'not safe to retry automatically' : 'retry safety unknown';
  // The first sentence carries the verdict's reason and its RFC; the panel shows the rest.
  out.push(`Retry: **${verdict}**. ${escapeMarkdown(firstSentence(retry.reason))}`);

  const links = [`[Explain in panel](${commandUri(commands.explain, [explainArgs])})`];
  const used = [commands.explain];
  if (finding.endpoint) {
    links.push(`[Probe endpoint](${commandUri(commands.probe, [{ endpoint: finding.endpoint }])})`);
    used.push(commands.probe);
  }
  const top = ranked[0];
  if (top) {
    links.push(`[Insert fix](${commandUri(commands.insertFix, [{ causeId: top.id, finding: { class: finding.class, runtime: finding.runtime, endpoint: finding.endpoint, method: finding.method } }])})`);
    used.push(commands.insertFix);
  }
  out.push(links.join(' · '));
  return { markdown: out.join('\n\n'), commands: used, finding };
}
