/**
 * Probe engine entry (bundled separately as dist/probe-engine.js and loaded lazily by the
 * extension and the CLI). `probe()` measures one endpoint phase by phase and returns a
 * ProbeReport; network failures are data in the report, never exceptions.
 */
import { setMaxListeners } from 'node:events';
import { redactText, redactUrl } from '../redact';
import type { ProbeChecks, ProbeReport } from '../types';
import { type OpenResult, makeTarget, openConnection, resolveHost } from './connect';
import { phaseError } from './errors';
import { postCheck, LARGE_REQUEST_BYTES } from './checks';
import { prepareHttpParser, prepareRequest } from './http-phase';
import { measureIdle } from './idle';
import { type ProbeOptions, type ProbeProgress, resolveOptions } from './options';
import { proxyFor } from './proxy-env';
import type { RawContext } from './raw';
import { reuseRace } from './reuse';
import { hideUserinfo, parseProbeUrl } from './url';
import { judge } from './verdict';

export const PROBE_ENGINE_VERSION = 1;

export { parseProbeUrl, type ParsedProbeUrl } from './url';
export type { ProbeOptions, ProbeProgress } from './options';
export { judge, clientIdleFor } from './verdict';
export { proxyFor, bypassesProxy } from './proxy-env';
export { formatReport } from './format';
export { checkEnvironment, formatEnvironment, type EnvironmentReport } from './environment';

function emptyReport(url: string): ProbeReport {
  return {
    url,
    addresses: [],
    phases: { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, totalMs: null },
    tls: null,
    http: null,
    keepAlive: null,
    reuse: null,
    error: null,
    causes: [],
    recommendations: [],
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Above this body size the repeated measurement requests use HEAD, bytes. */
const LARGE_RESOURCE_BYTES = 64 * 1024;

/**
 * Probes `url`: DNS, TCP connect to each address, proxy tunnel, TLS, one HTTP request (undici),
 * then the opt-in measurements (keep-alive idle timeout, reuse race, POST body, Expect, large
 * request), and the verdict. Never throws: a malformed URL or any network failure comes back in
 * `report.error`. All output strings are redacted of credentials.
 *
 * @param options durations in ms, sizes in bytes (see ProbeOptions)
 * @param signal aborts every phase; the partial report is returned
 * @param onProgress called at each phase, for status bars
 */
export async function probe(url: string, options: ProbeOptions = {}, signal?: AbortSignal, onProgress?: (p: ProbeProgress) => void): Promise<ProbeReport> {
  const parsed = parseProbeUrl(url);
  if (!parsed.ok) {
    const report = emptyReport(redactUrl(hideUserinfo(url)));
    report.error = { phase: 'input', code: 'BAD_URL', message: parsed.message };
    return report;
  }
  // One internal signal, followed by every socket and timer of the probe (dozens of listeners
  // during the idle measurement), so the caller's signal keeps a single listener.
  const inner = new AbortController();
  setMaxListeners(500, inner.signal);
  const onAbort = (): void => inner.abort();
  if (signal?.aborted) inner.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(parsed.url, options, inner.signal, onProgress);
  } catch (err) {
    // A bug, not a network failure; still data, so that callers can show it.
    const report = emptyReport(redactUrl(parsed.url.toString()));
    report.error = phaseError('input', err);
    report.error.message = redactText(report.error.message);
    return report;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function run(url: URL, options: ProbeOptions, signal: AbortSignal | undefined, onProgress?: (p: ProbeProgress) => void): Promise<ProbeReport> {
  const o = resolveOptions(options);
  // Compiles in the background while the set-up below runs.
  const parserReady = prepareHttpParser();
  const report = emptyReport(redactUrl(url.toString()));
  const progress = (phase: string, message: string): void => onProgress?.({ phase, message: redactText(message) });
  const proxy = proxyFor(url, o.env, o.proxy);
  const { rawUrl, ...proxyInfo } = proxy;
  report.proxy = proxyInfo;
  const target = makeTarget(url, rawUrl ?? null);
  progress('dns', `resolving ${target.host}`);
  // Set-up that curl also does before its clock starts (its parser is compiled code, its request
  // built): undici's HTTP parser is compiled and the request queued before, not inside, the
  // first request's timings.
  await parserReady;
  const exchange = prepareRequest(url, { timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, signal });
  // The clock starts with the network work, like curl's time_total: DNS (when there is a name),
  // connect, TLS, request, response to the last byte. No connection or address is reused
  // between probes.
  const t0 = performance.now();
  const finish = (): ProbeReport => {
    report.phases.totalMs ??= round(performance.now() - t0);
    // The request was never sent when an earlier phase failed.
    void exchange.cancel();
    if (report.error) report.error.message = redactText(report.error.message);
    const v = judge(report, { timeoutMs: o.timeoutMs });
    report.causes = v.causes.map((c) => ({ ...c, evidence: c.evidence.map(redactText) }));
    report.recommendations = v.recommendations;
    return report;
  };

  const dns = await resolveHost(target.host, o.timeoutMs, signal);
  report.phases.dnsMs = round(dns.ms);
  report.addresses = dns.addresses;
  // Through a proxy the proxy resolves the name; our own lookup is informative only.
  if (!dns.ok && !target.via) {
    report.error = dns.error;
    return finish();
  }
  let tcpAddresses = dns.addresses;
  if (target.via) {
    const p = await resolveHost(target.via.host, o.timeoutMs, signal);
    if (!p.ok) {
      report.error = { ...(p.error ?? { phase: 'proxy', code: 'DNS', message: 'proxy name does not resolve' }), phase: 'proxy' };
      return finish();
    }
    tcpAddresses = p.addresses;
  }

  progress('tcp', `connecting to ${tcpAddresses.join(', ')}${target.via ? ` (proxy ${proxyInfo.url ?? ''})` : ''}`);
  const tlsOpts = { timeoutMs: o.timeoutMs, insecure: o.insecure, ca: o.ca, signal };
  const conn: OpenResult = await openConnection(target, tcpAddresses, tlsOpts);
  report.connects = conn.attempts;
  report.phases.connectMs = conn.connectMs;
  report.phases.tlsMs = conn.tlsMs;
  report.tls = conn.tls;
  if (!conn.ok || !conn.socket) {
    report.error = conn.error;
    return finish();
  }
  // Only one address is used from here on: the one that answered first in resolver order.
  const winner = conn.attempts.find((a) => a.error === null)?.address;
  const ctx: RawContext = {
    target,
    addresses: winner ? [winner] : tcpAddresses,
    tls: tlsOpts,
    budget: { left: o.maxBytes },
    timeoutMs: o.timeoutMs,
    method: 'GET',
  };

  progress('http', `GET ${redactUrl(url.toString())}`);
  const h = await exchange.send(conn.socket);
  ctx.budget.left -= h.bytesRead;
  report.http = h.http;
  report.phases.ttfbMs = h.ttfbMs;
  // totalMs is the main request's, start to last byte, like curl's time_total.
  report.phases.totalMs = round(h.doneAt - t0);
  if (h.error) report.error = h.error;
  if (h.error && !h.http) return finish();
  // The measurements repeat the request dozens of times: for a large resource, HEAD keeps them
  // within the byte cap (and kind to the server).
  if ((h.http?.bodyBytes ?? 0) > LARGE_RESOURCE_BYTES || h.http?.bodyTruncated) ctx.method = 'HEAD';

  const checks: ProbeChecks = {};
  if (o.postBodyBytes > 0 && !signal?.aborted) {
    progress('post', `POST with a ${o.postBodyBytes}-byte body`);
    checks.post = await postCheck(ctx, o.postBodyBytes, { signal });
  }
  if (o.expectContinue && !signal?.aborted) {
    progress('expect', 'POST with Expect: 100-continue');
    checks.expectContinue = await postCheck(ctx, Math.max(o.postBodyBytes, 1024), { expectContinue: true, signal });
  }
  if (o.largeRequest && !signal?.aborted) {
    progress('large', `POST with a ${LARGE_REQUEST_BYTES}-byte body`);
    checks.largeRequest = await postCheck(ctx, LARGE_REQUEST_BYTES, { signal });
  }
  if (Object.keys(checks).length) report.checks = checks;

  const hintS = report.http?.keepAliveHint?.timeoutSeconds ?? null;
  if (o.idle && !signal?.aborted) {
    progress('idle', 'measuring the keep-alive idle timeout');
    report.keepAlive = await measureIdle(ctx, {
      maxIdleMs: o.maxIdleMs,
      hintMs: hintS !== null ? hintS * 1000 : null,
      signal,
      onProgress: (m) => progress('idle', m),
    });
  }
  if (o.reuse > 0 && !signal?.aborted) {
    progress('reuse', `reusing ${o.reuse} idle connections around the idle timeout`);
    const t = report.keepAlive?.idleTimeoutMs ?? (hintS !== null ? hintS * 1000 : null);
    report.reuse = await reuseRace(ctx, { attempts: o.reuse, timeoutMs: t, maxIdleMs: o.maxIdleMs, signal });
  }
  return finish();
}
