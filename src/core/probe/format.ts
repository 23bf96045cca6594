/** Human-readable rendering of a ProbeReport (the CLI's default output). */
import type { CheckResult, ProbeReport } from '../types';

function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
}

function params(p: Record<string, unknown>): string {
  const entries = Object.entries(p).filter(([, v]) => v !== undefined);
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(' ') : '(no parameters)';
}

/** A phase timeline (like httpstat), the keep-alive findings and the verdict, as plain text. */
export function formatReport(r: ProbeReport): string {
  const out: string[] = [];
  const line = (s = ''): void => {
    out.push(s);
  };
  line(`probe ${r.url}`);
  if (r.proxy) line(`  proxy: ${r.proxy.url ?? 'none'} (${r.proxy.reason})`);
  line(`  addresses: ${r.addresses.length ? r.addresses.join(', ') : '—'}`);
  line();
  line('timeline');
  const p = r.phases;
  const ttfb = p.ttfbMs;
  const transfer = p.totalMs !== null && ttfb !== null ? Math.max(0, p.totalMs - (p.dnsMs ?? 0) - (p.connectMs ?? 0) - (p.tlsMs ?? 0) - ttfb) : null;
  line(`  DNS lookup        ${ms(p.dnsMs).padStart(10)}`);
  line(`  TCP connect       ${ms(p.connectMs).padStart(10)}${r.connects && r.connects.length > 1 ? `   (${r.connects.map((c) => `${c.address} ${c.ms !== null ? ms(c.ms) : c.error ?? 'failed'}`).join('; ')})` : ''}`);
  line(`  TLS handshake     ${ms(p.tlsMs).padStart(10)}`);
  line(`  server (TTFB)     ${ms(ttfb).padStart(10)}`);
  line(`  transfer + rest   ${ms(transfer).padStart(10)}`);
  line(`  total             ${ms(p.totalMs).padStart(10)}`);
  if (r.tls) {
    const t = r.tls;
    line();
    line(`tls  ${t.protocol ?? '?'} ${t.cipher ?? '?'}  ALPN ${t.alpn ?? 'none'}  SNI ${t.sni ?? 'not sent (IP address)'}`);
    line(`  verification: ${t.authorized ? 'ok' : `FAILED (${t.authorizationError ?? '?'})`}; host name ${t.hostnameMatch === null ? 'unknown' : t.hostnameMatch ? 'matches' : 'does NOT match'}`);
    for (const c of t.certificates) line(`  cert ${c.subject} <- ${c.issuer}; valid to ${c.validTo.slice(0, 10)} (${c.daysLeft} days left)${c.selfSigned ? ', self-signed' : ''}`);
  }
  if (r.http) {
    const h = r.http;
    line();
    const hint = h.keepAliveHint ? `Keep-Alive: timeout=${h.keepAliveHint.timeoutSeconds ?? '?'}${h.keepAliveHint.max !== null ? `, max=${h.keepAliveHint.max}` : ''}` : 'no Keep-Alive hint';
    line(`http ${h.status} (HTTP/${h.version}), ${h.bodyBytes ?? 0} body bytes${h.bodyTruncated ? ' (stopped at the byte cap)' : ''}; ${hint}; ${h.connectionClose ? 'Connection: close' : 'connection kept alive'}`);
    if (h.redirect) line(`  redirect to ${h.redirect.location} (${h.redirect.sameHost ? 'same host' : 'another host'}; not followed)`);
  }
  if (r.error) {
    line();
    line(`error in ${r.error.phase} phase: ${r.error.code}: ${r.error.message}`);
  }
  if (r.keepAlive) {
    const k = r.keepAlive;
    line();
    if (k.idleTimeoutMs !== null) {
      const kind = k.closeKind === 'fin' ? 'FIN (orderly close)' : k.closeKind === 'rst' ? 'RST (reset)' : 'an unknown kind of close';
      const how = k.method === 'bracket' && k.bracketMs ? `between ${ms(k.bracketMs[0])} and ${ms(k.bracketMs[1])}, found by requests after set idles` : 'seen while idle';
      line(`keep-alive: idle connections are closed after ${ms(k.idleTimeoutMs)} by ${kind} (${how}; measured in ${ms(k.wallMs)} with ${k.connections ?? '?'} connections)`);
    } else if (k.lowerBoundMs !== null) {
      line(`keep-alive: no idle close within ${ms(k.lowerBoundMs)} (lower bound; measured in ${ms(k.wallMs)})`);
    } else {
      line(`keep-alive: not measured${k.note ? `: ${k.note}` : ''}`);
    }
  }
  if (r.reuse) {
    const u = r.reuse;
    line(`reuse: ${u.resets + u.eofs} of ${u.attempts} requests on reused connections failed (${u.resets} resets, ${u.eofs} EOFs)${u.fresh ? `; fresh connections: ${u.fresh.resets + u.fresh.eofs} of ${u.fresh.attempts}` : ''}`);
  }
  if (r.checks) {
    const checks: [string, CheckResult | undefined][] = [['post', r.checks.post], ['expect-continue', r.checks.expectContinue], ['large-request', r.checks.largeRequest]];
    for (const [name, c] of checks) {
      if (!c) continue;
      line(`check ${name}: ${c.outcome}${c.code ? ` (${c.code})` : ''}, status ${c.status ?? '—'}, ${c.bytesWritten}/${c.bodyBytes} body bytes written${c.earlyResponse ? ', answered before the body was sent' : ''}${c.continued !== undefined ? `, 100 Continue ${c.continued ? 'received' : 'not received'}` : ''}`);
    }
  }
  line();
  if (r.causes.length === 0) line('verdict: no cause of connection resets found');
  else {
    line('verdict');
    r.causes.forEach((c, i) => {
      line(`  ${i + 1}. ${c.id} (confidence ${c.confidence.toFixed(2)})`);
      for (const e of c.evidence) line(`     - ${e}`);
    });
  }
  if (r.recommendations.length) {
    line('recommended fixes');
    for (const rec of r.recommendations) line(`  - ${rec.fix}: ${params(rec.params as Record<string, unknown>)}`);
  }
  return `${out.join('\n')}\n`;
}
