/**
 * Cause knowledge base: one module per cause (explanation, evidence, confirmation, fixes,
 * citations) and the ranking that turns findings, a cadence and a probe report into causes
 * ordered by confidence, each with the evidence that moved it.
 */
import { CAUSE_IDS, type Cadence, type CauseId, type Finding, type ProbeReport, type RankedCause } from '../types';
import { brokenPipePeerClosed } from './broken-pipe-peer-closed';
import { dnsResolution } from './dns-resolution';
import { earlyCloseUnreadBody } from './early-close-unread-body';
import { expectContinue } from './expect-continue';
import { gatherFacts } from './facts';
import { firewallReject } from './firewall-reject';
import { hostUnreachable } from './host-unreachable';
import { keepaliveIdleRace } from './keepalive-idle-race';
import { middleboxIdleTimeout } from './middlebox-idle-timeout';
import type { CauseInfo, CauseModule, Weight } from './model';
import { mtuBlackhole } from './mtu-blackhole';
import { peerCrashRestart } from './peer-crash-restart';
import { proxyMisconfigured } from './proxy-misconfigured';
import { proxyReset } from './proxy-reset';
import { requestTimeout } from './request-timeout';
import { serverOverload } from './server-overload';
import { serviceNotListening } from './service-not-listening';
import { tlsCertificate } from './tls-certificate';
import { tlsHandshakeRejected } from './tls-handshake-rejected';

export type { Citation, CauseInfo, CauseModule, Weight } from './model';
export { retrySafety } from './retry-safety';
export { clientIdleFor, recommendFixes, tcpKeepAliveFor, type RecommendContext } from './recommend';
export { parseProbeReport } from './probe-report';

const MODULES: Record<CauseId, CauseModule> = {
  'keepalive-idle-race': keepaliveIdleRace,
  'middlebox-idle-timeout': middleboxIdleTimeout,
  'server-overload': serverOverload,
  'early-close-unread-body': earlyCloseUnreadBody,
  'tls-handshake-rejected': tlsHandshakeRejected,
  'proxy-reset': proxyReset,
  'expect-continue': expectContinue,
  'mtu-blackhole': mtuBlackhole,
  'peer-crash-restart': peerCrashRestart,
  'firewall-reject': firewallReject,
  'broken-pipe-peer-closed': brokenPipePeerClosed,
  'service-not-listening': serviceNotListening,
  'request-timeout': requestTimeout,
  'dns-resolution': dnsResolution,
  'host-unreachable': hostUnreachable,
  'tls-certificate': tlsCertificate,
  'proxy-misconfigured': proxyMisconfigured,
};

/** Evidence beyond the findings: a regular idle period inferred from their timestamps, and a probe report of the endpoint. */
export interface RankContext {
  cadence?: Cadence | null;
  probe?: ProbeReport | null;
}

/** Every cause the knowledge base explains, in CAUSE_IDS order. */
export function allCauses(): CauseInfo[] {
  return CAUSE_IDS.map((id) => MODULES[id].info);
}

/** The explanation, evidence, confirmation, fixes and citations of one cause. */
export function getCause(id: CauseId): CauseInfo {
  return MODULES[id].info;
}

/**
 * Log-odds every cause starts from: about 5%. Evidence weights add to it, and the confidence is
 * the logistic of the sum, so independent pieces of evidence compound and contrary ones cancel.
 */
const PRIOR = -3;
/** Confidence is kept inside [0.01, 0.99]: text and one probe never make a cause certain. */
const FLOOR = 0.01;
const CEILING = 0.99;

function confidenceOf(score: number): number {
  const p = 1 / (1 + Math.exp(-score));
  return Math.round(Math.min(CEILING, Math.max(FLOOR, p)) * 100) / 100;
}

/**
 * The probe engine's own verdict for a cause counts as evidence too: it saw measurements
 * (the --post-body and --expect-continue checks among them) that the cause modules may not read.
 */
function probeVerdictWeights(probe: ProbeReport | null | undefined, id: CauseId): Weight[] {
  const v = probe?.causes.find((c) => c.id === id);
  if (!v) return [];
  const out: Weight[] = [{ w: 3 * v.confidence - 0.5, why: `the probe's verdict rates it ${v.confidence.toFixed(2)}` }];
  for (const e of v.evidence.slice(0, 3)) out.push({ w: 0, why: `probe: ${e}` });
  return out;
}

/** Formats a weight's reason for people: contrary evidence is marked so that it reads as such. */
function evidenceText(w: Weight): string {
  return w.w < 0 ? `against: ${w.why}` : w.why;
}

/**
 * Causes ordered by confidence (0..1, highest first), each with the evidence that moved it,
 * strongest first; evidence that lowered the cause starts with `against: `, and the probe's own
 * reasons start with `probe: `. Only causes that some evidence speaks for are listed; a cause
 * with nothing in its favour is left out rather than listed at its prior. Deterministic: ties
 * keep CAUSE_IDS order.
 */
export function rankCauses(findings: readonly Finding[], context: RankContext = {}): RankedCause[] {
  const facts = gatherFacts(findings, context.cadence ?? null, context.probe ?? null);
  const ranked: { cause: RankedCause; order: number; score: number }[] = [];
  CAUSE_IDS.forEach((id, order) => {
    const weights = [...MODULES[id].weigh(facts), ...probeVerdictWeights(context.probe, id)];
    if (!weights.some((w) => w.w > 0)) return;
    const score = weights.reduce((s, w) => s + w.w, PRIOR);
    // Strongest evidence first, so that a hover showing the first line shows what mattered most.
    const evidence = [...weights]
      .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
      .map(evidenceText)
      .filter((e, i, all) => all.indexOf(e) === i);
    ranked.push({ cause: { id, confidence: confidenceOf(score), evidence }, order, score });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.map((r) => r.cause);
}

/**
 * The causes one finding points at, for the scan CLI and hovers: the same ranking restricted to
 * that finding, with no cadence or probe. Every cause with evidence in its favour is listed, most
 * likely first; callers show the first few. Cheap: about 27 flat regexes over one line and a
 * few arithmetic rules per cause (about 10 µs of CPU per finding measured on this machine).
 */
export function causesForFinding(f: Finding): RankedCause[] {
  return rankCauses([f]);
}
