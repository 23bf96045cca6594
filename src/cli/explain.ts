import { readFile } from 'node:fs/promises';
import { getCause, parseProbeReport, rankCauses, recommendFixes, retrySafety } from '../core/causes';
import { detect, inferCadence } from '../core/detect';
import type { Cadence, Finding, ProbeReport, RankedCause, Recommendation, RetryVerdict } from '../core/types';
import { findingJson } from './finding-json';
import { EXIT, UsageError, terminalSafe, type CliCommand } from './io';

const USAGE = `usage: connection-doctor explain [--json] [--probe REPORT.json] < TEXT

Reads text (a log, terminal output, a stack trace) on stdin, finds the network errors in it and
explains their likely causes. --probe adds a saved \`connection-doctor probe --json\` report to the
evidence, so that a log and a measurement give one ranking.`;

/** explain is for excerpts; whole logs go through `scan`, which streams. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

interface ExplainArgs {
  json: boolean;
  probePath: string | null;
  help: boolean;
}

function parseArgs(args: string[]): ExplainArgs {
  const out: ExplainArgs = { json: false, probePath: null, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') out.json = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--probe' || a.startsWith('--probe=')) {
      const v = a === '--probe' ? args[++i] : a.slice('--probe='.length);
      if (v === undefined || v === '') throw new UsageError(`explain: --probe needs a file (a saved \`connection-doctor probe --json\` report)\n${USAGE}`);
      out.probePath = v;
    } else if (a.startsWith('-')) throw new UsageError(`explain: unknown option '${a}'\n${USAGE}`);
    else throw new UsageError(`explain: reads text on stdin and takes no file arguments (use \`connection-doctor scan ${a}\` for files)\n${USAGE}`);
  }
  return out;
}

/** Decodes stdin bytes: UTF-8 by default, UTF-16 when a byte-order mark says so. */
function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readInput(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += b.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`explain: input over ${MAX_INPUT_BYTES / 1024 / 1024} MiB; use \`connection-doctor scan -\` for whole logs`);
    chunks.push(b);
  }
  return decode(Buffer.concat(chunks));
}

async function loadProbe(path: string): Promise<ProbeReport> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    throw new UsageError(`explain: cannot read probe report '${path}' (${code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError(`explain: '${path}' is not JSON (expected the output of \`connection-doctor probe URL --json\`)`);
  }
  const report = parseProbeReport(parsed);
  if (!report) throw new UsageError(`explain: '${path}' is not a probe report (expected the output of \`connection-doctor probe URL --json\`)`);
  return report;
}

const SEVERITY: Record<RetryVerdict['verdict'], number> = { safe: 0, unknown: 1, unsafe: 2 };

/**
 * One verdict for the failed requests: the least safe of their methods, because a single
 * non-idempotent request is enough to make blind retries dangerous.
 */
function retryVerdict(findings: readonly Finding[], text: string): RetryVerdict {
  const idempotencyKey = /idempotency[-_]key/i.test(text);
  const methods = [...new Set(findings.map((f) => f.method).filter((m): m is string => m !== null))];
  if (methods.length === 0) return retrySafety(null, { idempotencyKey });
  let worst = retrySafety(methods[0] ?? null, { idempotencyKey });
  for (const m of methods.slice(1)) {
    const v = retrySafety(m, { idempotencyKey });
    if (SEVERITY[v.verdict] > SEVERITY[worst.verdict]) worst = v;
  }
  return worst;
}

interface Explanation {
  findings: Finding[];
  cadence: Cadence | null;
  ranked: RankedCause[];
  recommendations: Recommendation[];
  retry: RetryVerdict;
}

function explainText(text: string, probe: ProbeReport | null): Explanation {
  // An empty excerpt has nothing to detect; the probe report alone can still be ranked.
  const findings = text.trim() === '' ? [] : detect(text);
  const cadence = findings.length > 1 ? inferCadence(findings) : null;
  const ranked = rankCauses(findings, { cadence, probe });
  return { findings, cadence, ranked, recommendations: recommendFixes(ranked, { cadence, probe }), retry: retryVerdict(findings, text) };
}


function toJson(e: Explanation): string {
  const causes = e.ranked.map((c) => {
    const info = getCause(c.id);
    return {
      id: c.id,
      title: info.title,
      confidence: c.confidence,
      evidence: c.evidence,
      summary: info.summary,
      mechanism: info.mechanism,
      nextSteps: info.nextSteps,
      fixes: info.fixes,
      citations: info.citations,
    };
  });
  return `${JSON.stringify({ findings: e.findings.map(findingJson), causes, cadence: e.cadence, retrySafety: { verdict: e.retry.verdict, reason: e.retry.reason } }, null, 2)}\n`;
}

/**
 * Word-wraps `text` to `width` columns: the first line starts with `indent`, the following ones
 * with `hang` (so that bullets hang).
 */
function wrap(text: string, indent: string, hang = indent, width = 100): string {
  const lines: string[] = [];
  let line = '';
  const lead = (): string => (lines.length === 0 ? indent : hang);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && lead().length + line.length + 1 + word.length > width) {
      lines.push(lead() + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(lead() + line);
  return `${lines.join('\n')}\n`;
}

/** A URL to suggest for the probe: the report's, a URL from the text, else one built from host and port. */
function probeTarget(findings: readonly Finding[], probe: ProbeReport | null): string {
  if (probe) return probe.url;
  const withUrl = findings.find((f) => f.endpoint?.url)?.endpoint?.url;
  if (withUrl) return withUrl;
  const ep = findings.find((f) => f.endpoint && f.endpoint.port !== null)?.endpoint;
  if (!ep || ep.port === null) return 'URL';
  const host = ep.host.includes(':') && !ep.host.startsWith('[') ? `[${ep.host}]` : ep.host;
  return `${ep.port === 443 ? 'https' : 'http'}://${host}:${ep.port}/`;
}

function pct(c: number): string {
  return `${Math.round(c * 100)}%`;
}

/** Findings listed in the human output; the ranking always uses all of them. */
const FINDINGS_SHOWN = 40;
/** The top cause, and any other above DETAIL_MIN, is shown in full (at most DETAILED of them). */
const DETAILED = 2;
const DETAIL_MIN = 0.5;
/** Causes below LIST_MIN are left out of the human output (--json lists all), but never the top one. */
const LIST_MIN = 0.1;
const LISTED = 6;

function toHuman(e: Explanation, probe: ProbeReport | null): string {
  let out = '';
  if (e.findings.length === 0) out += 'No network errors found in the input.\n';
  else {
    out += `Findings (${e.findings.length})\n`;
    for (const f of e.findings.slice(0, FINDINGS_SHOWN)) {
      const where = f.endpoint ? f.endpoint.url ?? `${f.endpoint.host}${f.endpoint.port !== null ? `:${f.endpoint.port}` : ''}` : '';
      const parts = [`${f.line}:${f.column}`, f.class, `${f.runtime} (${f.signature})`, f.errno ?? '', [f.method ?? '', where].filter(Boolean).join(' ')];
      out += `  ${parts.filter(Boolean).join('  ')}\n`;
      out += `      ${f.text.length > 160 ? `${f.text.slice(0, 157)}...` : f.text}\n`;
    }
    if (e.findings.length > FINDINGS_SHOWN) out += `  (${e.findings.length - FINDINGS_SHOWN} more; --json lists all)\n`;
  }
  if (probe) out += `\nProbe report: ${probe.url}\n`;
  if (e.cadence) out += `\nPattern: ${e.cadence.description}\n`;

  if (e.ranked.length > 0) {
    out += '\nLikely causes\n';
    const url = probeTarget(e.findings, probe);
    const shown = e.ranked.filter((c, i) => i === 0 || c.confidence >= LIST_MIN).slice(0, LISTED);
    shown.forEach((c, i) => {
      const info = getCause(c.id);
      out += `\n  ${i + 1}. ${info.title}  [${c.id}, ${pct(c.confidence)}]\n`;
      out += `     ${info.summary[0]}\n     ${info.summary[1]}\n`;
      out += '     Evidence:\n';
      for (const ev of c.evidence) {
        out += wrap(ev.startsWith('against: ') ? `- ${ev.slice('against: '.length)}` : `+ ${ev}`, '       ', '         ');
      }
      if (i >= DETAILED || (i > 0 && c.confidence < DETAIL_MIN)) return;
      out += '     How it happens:\n';
      out += wrap(info.mechanism, '       ');
      const args = info.confirm.probeArgs.length > 0 ? ` ${info.confirm.probeArgs.join(' ')}` : '';
      out += `     Confirm: connection-doctor probe ${url}${args}\n`;
      out += wrap(`look for ${info.confirm.lookFor}`, '       ');
      out += '     Next steps:\n';
      for (const step of info.nextSteps) out += wrap(`- ${step}`, '       ', '         ');
      const fixes = (['go', 'php', 'node'] as const).filter((l) => info.fixes[l].length > 0).map((l) => `${l}: ${info.fixes[l].join(', ')}`);
      if (fixes.length > 0) out += `     Fixes (connection-doctor fix FILE --fix ID): ${fixes.join(' | ')}\n`;
      out += '     References:\n';
      for (const ref of info.citations) out += `       ${ref.title}  ${ref.url}\n`;
    });
    const hidden = e.ranked.length - shown.length;
    if (hidden > 0) out += `\n  (${hidden} less likely cause${hidden === 1 ? '' : 's'} not shown; --json lists all)\n`;
  } else if (e.findings.length > 0 || probe) {
    out += '\nNo cause stands out from this evidence.\n';
  }

  if (e.recommendations.length > 0) {
    out += '\nRecommended fixes\n';
    for (const r of e.recommendations) {
      const params = Object.entries(r.params).map(([k, v]) => `${k} ${String(v)}`).join(', ');
      out += `  ${r.fix}${params ? ` (${params})` : ''}\n`;
    }
  }
  // Without a failed request there is nothing to retry.
  if (e.findings.length > 0) {
    out += `\nRetry safety: ${e.retry.verdict}\n`;
    out += wrap(e.retry.reason, '  ');
  }
  return out;
}

/**
 * `connection-doctor explain [--json] [--probe REPORT.json]`: findings, ranked causes with their
 * evidence and explanations, and the retry-safety verdict for text read on stdin. Exit 0 when it
 * ran (with or without findings), 2 on bad usage.
 */
export const explainCommand: CliCommand = async (args, io) => {
  const opts = parseArgs(args);
  if (opts.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const probe = opts.probePath !== null ? await loadProbe(opts.probePath) : null;
  const stdin = io.stdin();
  // Run by hand without a pipe, explain would seem to hang: say what it waits for.
  if ((stdin as { isTTY?: boolean }).isTTY === true) io.stderr('explain: paste the text, then press Ctrl-D (Ctrl-Z and Enter on Windows)\n');
  const text = await readInput(stdin);
  const explanation = explainText(text, probe);
  io.stdout(opts.json ? toJson(explanation) : terminalSafe(toHuman(explanation, probe)));
  return EXIT.ok;
};
