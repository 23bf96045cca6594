/**
 * Reads a `connection-doctor probe --json` report back from untrusted JSON (a file the user
 * passes to `explain --probe`, a message from the webview). Only the fields the ranking reads
 * are checked in depth; anything malformed makes the whole report null rather than half-trusted.
 */
import { CAUSE_IDS, type CauseId, type PhaseError, type ProbeReport, type RankedCause, type TlsInfo } from '../types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const CAUSE_SET = new Set<string>(CAUSE_IDS);
const PHASES = new Set(['dns', 'tcp', 'tls', 'http', 'idle', 'reuse', 'proxy', 'input']);

function phaseError(v: unknown): PhaseError | null | undefined {
  if (v === null || v === undefined) return null;
  if (!isObj(v) || typeof v.phase !== 'string' || !PHASES.has(v.phase)) return undefined;
  const code = str(v.code);
  const message = str(v.message);
  if (code === null || message === null) return undefined;
  return { phase: v.phase as PhaseError['phase'], code, message };
}

function causes(v: unknown): RankedCause[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: RankedCause[] = [];
  for (const c of v) {
    if (!isObj(c) || typeof c.id !== 'string' || !CAUSE_SET.has(c.id)) continue;
    const confidence = num(c.confidence);
    if (confidence === null || confidence < 0 || confidence > 1) continue;
    const evidence = Array.isArray(c.evidence) ? c.evidence.filter((e): e is string => typeof e === 'string') : [];
    out.push({ id: c.id as CauseId, confidence, evidence });
  }
  return out;
}

function tls(v: unknown): TlsInfo | null | undefined {
  if (v === null || v === undefined) return null;
  if (!isObj(v) || typeof v.authorized !== 'boolean') return undefined;
  const certificates: TlsInfo['certificates'] = [];
  if (Array.isArray(v.certificates)) {
    for (const c of v.certificates) {
      if (!isObj(c)) continue;
      certificates.push({
        subject: str(c.subject) ?? '',
        issuer: str(c.issuer) ?? '',
        validFrom: str(c.validFrom) ?? '',
        validTo: str(c.validTo) ?? '',
        daysLeft: num(c.daysLeft) ?? 0,
        selfSigned: c.selfSigned === true,
      });
    }
  }
  return {
    protocol: str(v.protocol),
    cipher: str(v.cipher),
    alpn: str(v.alpn),
    sni: str(v.sni),
    authorized: v.authorized,
    authorizationError: str(v.authorizationError),
    certificates,
    hostnameMatch: typeof v.hostnameMatch === 'boolean' ? v.hostnameMatch : null,
  };
}

/** A ProbeReport from parsed JSON, or null when `value` is not one. */
export function parseProbeReport(value: unknown): ProbeReport | null {
  if (!isObj(value) || typeof value.url !== 'string') return null;
  const error = phaseError(value.error);
  const rankedCauses = causes(value.causes);
  const tlsInfo = tls(value.tls);
  if (error === undefined || rankedCauses === undefined || tlsInfo === undefined) return null;

  const phasesIn = isObj(value.phases) ? value.phases : {};
  let http: ProbeReport['http'] = null;
  if (isObj(value.http)) {
    const h = value.http;
    const status = num(h.status);
    if (status === null) return null;
    const headers: Record<string, string> = {};
    if (isObj(h.headers)) for (const [k, hv] of Object.entries(h.headers)) if (typeof hv === 'string') headers[k] = hv;
    const hint = isObj(h.keepAliveHint) ? { timeoutSeconds: num(h.keepAliveHint.timeoutSeconds), max: num(h.keepAliveHint.max) } : null;
    http = { status, version: str(h.version) ?? '', headers, keepAliveHint: hint, connectionClose: h.connectionClose === true };
  }
  let keepAlive: ProbeReport['keepAlive'] = null;
  if (isObj(value.keepAlive)) {
    const k = value.keepAlive;
    const kind = k.closeKind === 'fin' || k.closeKind === 'rst' ? k.closeKind : null;
    keepAlive = { idleTimeoutMs: num(k.idleTimeoutMs), closeKind: kind, lowerBoundMs: num(k.lowerBoundMs), wallMs: num(k.wallMs) ?? 0 };
  }
  let reuse: ProbeReport['reuse'] = null;
  if (isObj(value.reuse)) {
    const r = value.reuse;
    const attempts = num(r.attempts);
    const resets = num(r.resets);
    const eofs = num(r.eofs);
    if (attempts === null || resets === null || eofs === null) return null;
    reuse = { attempts, resets, eofs };
    if (isObj(r.fresh)) {
      const fa = num(r.fresh.attempts);
      const fr = num(r.fresh.resets);
      const fe = num(r.fresh.eofs);
      if (fa !== null && fr !== null && fe !== null) reuse.fresh = { attempts: fa, resets: fr, eofs: fe };
    }
  }
  const report: ProbeReport = {
    url: value.url,
    addresses: Array.isArray(value.addresses) ? value.addresses.filter((a): a is string => typeof a === 'string') : [],
    phases: {
      dnsMs: num(phasesIn.dnsMs),
      connectMs: num(phasesIn.connectMs),
      tlsMs: num(phasesIn.tlsMs),
      ttfbMs: num(phasesIn.ttfbMs),
      totalMs: num(phasesIn.totalMs),
    },
    tls: tlsInfo,
    http,
    keepAlive,
    reuse,
    error,
    causes: rankedCauses,
    recommendations: [],
  };
  if (isObj(value.proxy) && typeof value.proxy.source === 'string') {
    const p = value.proxy;
    const variables: Record<string, string> = {};
    if (isObj(p.variables)) for (const [k, pv] of Object.entries(p.variables)) if (typeof pv === 'string') variables[k] = pv;
    report.proxy = { variables, url: str(p.url), source: str(p.source) ?? 'none', reason: str(p.reason) ?? '' };
  }
  if (isObj(value.checks)) {
    const checks: NonNullable<ProbeReport['checks']> = {};
    for (const name of ['post', 'expectContinue', 'largeRequest'] as const) {
      const c = value.checks[name];
      if (!isObj(c)) continue;
      const outcome = c.outcome;
      if (outcome !== 'ok' && outcome !== 'reset' && outcome !== 'eof' && outcome !== 'timeout' && outcome !== 'error') continue;
      checks[name] = {
        bodyBytes: num(c.bodyBytes) ?? 0,
        bytesWritten: num(c.bytesWritten) ?? 0,
        status: num(c.status),
        outcome,
        earlyResponse: c.earlyResponse === true,
        code: str(c.code),
        ms: num(c.ms) ?? 0,
        ...(typeof c.continued === 'boolean' ? { continued: c.continued } : {}),
      };
    }
    report.checks = checks;
  }
  return report;
}
