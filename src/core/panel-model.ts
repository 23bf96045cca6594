/**
 * Builds what the panel shows (src/core/panel-protocol.ts) from findings, ranked causes and probe
 * reports, and the Markdown report users copy into an issue tracker. Pure: the editor glue and the
 * tests call the same functions.
 */
import * as l10n from '@vscode/l10n';
import { classLabel, endpointText } from './labels';
import type { CauseInfo } from './causes/index';
import type { PanelCause, PanelDetail, PanelOccurrence, PanelPhase, PanelProbe } from './panel-protocol';
import { redactText } from './redact';
import type { CauseId, Finding, ProbeReport, RankedCause, Recommendation, RetryVerdict } from './types';

export { classLabel } from './labels';

/** "host:port", or "(no endpoint)". */
export function endpointLabel(f: Pick<Finding, 'endpoint'>): string {
  return endpointText(f.endpoint);
}

/** The URL a probe of this finding's endpoint would use, or null when the text gives no host. */
export function probeUrlFor(f: Pick<Finding, 'endpoint'>): string | null {
  const e = f.endpoint;
  if (!e) return null;
  if (e.url && /^https?:\/\//i.test(e.url)) {
    try {
      const u = new URL(e.url);
      return `${u.protocol}//${u.host}/`;
    } catch {
      // fall through to host:port
    }
  }
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host;
  const scheme = e.port === 443 || e.port === 8443 ? 'https' : 'http';
  return `${scheme}://${host}${e.port === null ? '' : `:${e.port}`}/`;
}

export function toPanelCause(ranked: RankedCause, info: CauseInfo | undefined): PanelCause {
  return {
    id: ranked.id,
    title: info?.title ?? ranked.id,
    confidence: ranked.confidence,
    evidence: ranked.evidence.map(redactText),
    summary: info ? info.summary.join(' ') : '',
    mechanism: info?.mechanism ?? '',
    nextSteps: info?.nextSteps ?? [],
    citations: info?.citations ?? [],
  };
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** One sentence per recommendation, with its parameters. */
export function describeRecommendation(r: Recommendation): string {
  const p = r.params;
  switch (r.fix) {
    case 'keepalive-idle':
      return p.clientIdleMs !== undefined
        ? `Set the client's idle timeout to ${fmtMs(p.clientIdleMs)}${p.serverIdleMs !== undefined ? ` (server closes idle connections after ${fmtMs(p.serverIdleMs)})` : ''}`
        : 'Set the client idle timeout below the server keep-alive timeout';
    case 'disable-keepalive':
      return 'Disable connection reuse for this endpoint';
    case 'timeouts':
      return `Set connect${p.connectTimeoutMs !== undefined ? ` (${fmtMs(p.connectTimeoutMs)})` : ''} and overall${p.totalTimeoutMs !== undefined ? ` (${fmtMs(p.totalTimeoutMs)})` : ''} timeouts`;
    case 'tcp-keepalive':
      return `Enable TCP keep-alive probes${p.tcpKeepAliveMs !== undefined ? ` every ${fmtMs(p.tcpKeepAliveMs)}` : ''}, below the middlebox idle timeout`;
    case 'retry-idempotent':
      return `Retry idempotent requests with exponential backoff${p.maxRetries !== undefined ? ` (up to ${p.maxRetries} times)` : ''}; never POST/PATCH without an idempotency key`;
    case 'expect-header':
      return 'Stop sending Expect: 100-continue';
  }
}

export function probeToPanel(report: ProbeReport, getCause: (id: CauseId) => CauseInfo | undefined, finishedAt: Date): PanelProbe {
  const ph = report.phases;
  const failedPhase = report.error?.phase;
  const phase = (name: string, key: string, ms: number | null, detail: string): PanelPhase => ({
    name,
    ms,
    ok: failedPhase !== key,
    detail: failedPhase === key && report.error ? `${report.error.code}: ${report.error.message}` : detail,
  });
  const phases: PanelPhase[] = [
    phase('DNS', 'dns', ph.dnsMs, report.addresses.length ? report.addresses.join(', ') : '—'),
    phase('TCP connect', 'tcp', ph.connectMs, ph.connectMs === null ? 'not reached' : 'connected'),
  ];
  if (report.tls || ph.tlsMs !== null || failedPhase === 'tls') {
    const t = report.tls;
    phases.push(phase('TLS', 'tls', ph.tlsMs, t ? [t.protocol, t.alpn && `ALPN ${t.alpn}`, t.authorized ? 'certificate ok' : `certificate: ${t.authorizationError ?? 'not trusted'}`].filter(Boolean).join(', ') : '—'));
  }
  phases.push(phase('First byte', 'http', ph.ttfbMs, report.http ? `HTTP/${report.http.version} ${report.http.status}` : '—'));
  if (ph.totalMs !== null) phases.push({ name: 'Total', ms: ph.totalMs, ok: report.error === null, detail: '' });

  const keepAlive: string[] = [];
  const h = report.http;
  if (h?.keepAliveHint?.timeoutSeconds != null) keepAlive.push(`The server announces Keep-Alive: timeout=${h.keepAliveHint.timeoutSeconds} s.`);
  if (h?.connectionClose) keepAlive.push('The server answers with Connection: close (no reuse).');
  const k = report.keepAlive;
  if (k) {
    if (k.idleTimeoutMs !== null) {
      keepAlive.push(`Idle kept-alive connections are closed after ${fmtMs(k.idleTimeoutMs)}${k.closeKind ? ` with ${k.closeKind === 'rst' ? 'a reset (RST)' : 'an orderly close (FIN)'}` : ''}.`);
    } else if (k.lowerBoundMs !== null) {
      keepAlive.push(`No idle connection was closed within ${fmtMs(k.lowerBoundMs)}.`);
    }
    keepAlive.push(`Measured in ${fmtMs(k.wallMs)} of wall time.`);
  }
  if (report.reuse) keepAlive.push(`Reuse after idle: ${report.reuse.resets} resets and ${report.reuse.eofs} early closes in ${report.reuse.attempts} attempts.`);

  return {
    url: redactText(report.url),
    finishedAt: finishedAt.toISOString(),
    phases,
    keepAlive,
    error: report.error ? `${report.error.phase}: ${report.error.code}: ${redactText(report.error.message)}` : null,
    verdict: report.causes.map((c) => toPanelCause(c, getCause(c.id))),
    recommendations: report.recommendations.map(describeRecommendation),
  };
}

/** The facts of a finding, labelled for people. */
export function findingFacts(f: Finding): { label: string; value: string }[] {
  const also = f.classes.length > 1 ? ` (${l10n.t('also: {0}', f.classes.slice(1).map(classLabel).join(', '))})` : '';
  const facts = [
    { label: l10n.t('Class'), value: classLabel(f.class) + also },
    { label: l10n.t('Runtime'), value: f.runtime },
  ];
  if (f.errno) facts.push({ label: l10n.t('Error code'), value: f.errno });
  if (f.endpoint) facts.push({ label: l10n.t('Endpoint'), value: redactText(f.endpoint.url ?? endpointLabel(f)) });
  if (f.method) facts.push({ label: l10n.t('Method'), value: f.method });
  if (f.hints.length) facts.push({ label: l10n.t('Context'), value: f.hints.map((h) => h.replace(/_/g, ' ')).join(', ') });
  return facts;
}

export interface DetailInput {
  occurrenceId: string;
  finding: Finding;
  causes: RankedCause[];
  retry: RetryVerdict;
  probe: { report: ProbeReport; finishedAt: Date } | null;
  getCause: (id: CauseId) => CauseInfo | undefined;
  canFix: boolean;
}

export function buildDetail(input: DetailInput): PanelDetail {
  const f = input.finding;
  return {
    occurrenceId: input.occurrenceId,
    headline: classLabel(f.class),
    facts: findingFacts(f),
    causes: input.causes.map((c) => toPanelCause(c, input.getCause(c.id))),
    retry: { verdict: input.retry.verdict, reason: input.retry.reason },
    probe: input.probe ? probeToPanel(input.probe.report, input.getCause, input.probe.finishedAt) : null,
    canProbe: probeUrlFor(f) !== null,
    canFix: input.canFix,
  };
}

/** Escapes what Markdown would interpret inside a table cell or list item (links, emphasis, HTML, pipes). */
function mdEscape(s: string): string {
  // A lone CR ends a line in Markdown too: folded like LF, so text cannot start a heading or leave its table cell.
  return s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

function fence(s: string): string {
  const longest = Math.max(2, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${s}\n${f}`;
}

/** A Markdown report of one occurrence, ready for an issue tracker; credentials are redacted. */
export function reportMarkdown(occ: PanelOccurrence, detail: PanelDetail): string {
  const lines: string[] = [];
  lines.push(`### ${mdEscape(detail.headline)}`, '');
  lines.push(fence(redactText(occ.text)), '');
  lines.push(`Seen ${occ.seenAt} in ${mdEscape(redactText(occ.source))}${occ.count > 1 ? ` (${occ.count} times)` : ''}.`, '');
  lines.push('| | |', '|---|---|');
  for (const f of detail.facts) lines.push(`| ${mdEscape(f.label)} | ${mdEscape(redactText(f.value))} |`);
  lines.push('', `**Retry safety:** ${detail.retry.verdict}: ${mdEscape(detail.retry.reason)}`, '');
  if (detail.causes.length) {
    lines.push('#### Likely causes', '');
    detail.causes.forEach((c, i) => {
      lines.push(`${i + 1}. **${mdEscape(c.title)}** (${Math.round(c.confidence * 100)}%): ${mdEscape(c.summary)}`);
      for (const e of c.evidence) lines.push(`   - ${mdEscape(redactText(e))}`);
    });
    lines.push('');
  }
  const p = detail.probe;
  if (p) {
    lines.push(`#### Probe of ${mdEscape(redactText(p.url))} (${p.finishedAt})`, '', '| Phase | Time | Result |', '|---|---|---|');
    for (const ph of p.phases) lines.push(`| ${ph.name} | ${ph.ms === null ? '—' : `${ph.ms.toFixed(1)} ms`} | ${mdEscape(redactText(ph.detail))} |`);
    if (p.error) lines.push('', `Error: ${mdEscape(redactText(p.error))}`);
    for (const k of p.keepAlive) lines.push(`- ${mdEscape(k)}`);
    for (const r of p.recommendations) lines.push(`- Recommended: ${mdEscape(r)}`);
    lines.push('');
  }
  lines.push('_Report generated by Connection Doctor._');
  return lines.join('\n');
}
