import type { Cadence, Finding, ProbeReport } from '../../../src/core/types';

/** A finding as the detector would report it; tests override what matters. */
export function finding(over: Partial<Finding> = {}): Finding {
  const cls = over.class ?? 'reset';
  return {
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 40,
    class: cls,
    classes: over.classes ?? [cls],
    runtime: 'node',
    signature: 'test.signature',
    errno: null,
    endpoint: { url: 'https://api.example.com/v1/orders', host: 'api.example.com', port: 443 },
    method: null,
    hints: [],
    text: 'Error: read ECONNRESET',
    timestamp: null,
    ...over,
  };
}

export function cadence(periodMs: number, over: Partial<Cadence> = {}): Cadence {
  return {
    periodMs,
    minGapMs: periodMs * 0.98,
    samples: 8,
    regularity: 0.95,
    description: `failures come every ~${Math.round(periodMs / 1000)} s (8 samples)`,
    ...over,
  };
}

/** A probe report of a healthy endpoint; tests override the measured parts. */
export function probeReport(over: Partial<ProbeReport> = {}): ProbeReport {
  return {
    url: 'https://api.example.com/v1/orders',
    addresses: ['203.0.113.10'],
    phases: { dnsMs: 3, connectMs: 12, tlsMs: 25, ttfbMs: 40, totalMs: 90 },
    tls: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      alpn: 'http/1.1',
      sni: 'api.example.com',
      authorized: true,
      authorizationError: null,
      certificates: [{ subject: 'CN=api.example.com', issuer: 'CN=Example CA', validFrom: '2026-01-01', validTo: '2027-01-01', daysLeft: 40, selfSigned: false }],
      hostnameMatch: true,
    },
    http: { status: 200, version: '1.1', headers: {}, keepAliveHint: null, connectionClose: false },
    keepAlive: null,
    reuse: null,
    error: null,
    causes: [],
    recommendations: [],
    ...over,
  };
}
