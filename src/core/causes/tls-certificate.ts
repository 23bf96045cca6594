import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'tls-certificate',
  title: "The server's certificate did not pass verification",
  classes: ['tls'],
  summary: [
    'The client refused the certificate: expired, self-signed, unknown issuer, or issued for another name.',
    'Fix the certificate or the trust store; never switch verification off.',
  ],
  mechanism:
    'During the TLS handshake the server presents a certificate chain, and the client checks three things: that ' +
    'the chain leads to a certificate authority it trusts, that every certificate is within its validity dates, ' +
    'and that the certificate names the host the client asked for. Any failure aborts the connection on the ' +
    'client side, with messages like "unable to get local issuer certificate", "certificate has expired", "self-' +
    'signed certificate in certificate chain" or "Hostname/IP does not match certificate\'s altnames". Common ' +
    'reasons: the server does not send its intermediate certificate, a corporate TLS-inspecting proxy re-signs ' +
    'traffic with its own CA that the runtime does not trust (Node and Python\'s requests ship their own CA lists), a renewal ' +
    'was missed, or the client connects by IP or by an internal name the certificate does not cover.',
  raisedBy: ['Error text naming a certificate, issuer, expiry, self-signed chain or host name mismatch'],
  loweredBy: ['The probe verifies the certificate and the host name'],
  confirm: {
    probeArgs: [],
    lookFor:
      'tls.authorized false with tls.authorizationError, tls.certificates[].daysLeft and selfSigned, and tls.hostnameMatch.',
  },
  nextSteps: [
    'Inspect the chain: `openssl s_client -connect HOST:443 -servername HOST -showcerts`.',
    'Serve the full chain (leaf plus intermediates) and renew expired certificates.',
    'Behind a TLS-inspecting proxy, add its CA to the runtime (NODE_EXTRA_CA_CERTS, curl.cainfo / CURLOPT_CAINFO, the system store for Go).',
    'Connect by a name the certificate covers.',
  ],
  // No client setting fixes a bad certificate (and disabling verification is not a fix).
  fixes: { go: [], php: [], node: [] },
  citations: [REF.certPath, REF.serviceIdentity, REF.nodeTls, REF.curlErrors],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [...byClass(f, 'tls', 2.2), ...byMarker(f, 'certificate', 4)];
  if (hasClass(f, 'tls')) {
    out.push(...byHint(f, 'tls_handshake', 0.3));
    if ((f.markers.certificate ?? 0) === 0 && (f.markers.tlsRejected ?? 0) + (f.hints.tls_handshake ?? 0) > 0) {
      out.push({ w: -2, why: 'the error names no certificate problem, only a failed handshake' });
    }
  }
  const t = f.probe?.tls;
  if (t) {
    if (!t.authorized) out.push({ w: 5, why: `the probe could not verify the certificate: ${t.authorizationError ?? 'not authorized'}` });
    else out.push({ w: -3, why: 'the probe verified the certificate chain' });
    const expired = t.certificates.find((c) => c.daysLeft < 0);
    if (expired) out.push({ w: 1, why: `the certificate for ${expired.subject} expired ${-expired.daysLeft} day(s) ago` });
    if (t.hostnameMatch === false) out.push({ w: 1, why: 'the certificate does not cover the host name' });
  }
  const e = f.probe?.error;
  if (e?.phase === 'tls' && /CERT|SELF_SIGNED|ALTNAME|ISSUER|VERIFY|EXPIRED/i.test(e.code)) out.push({ w: 4, why: `the probe's TLS check failed with ${e.code}` });
  return out;
}

export const tlsCertificate: CauseModule = { info, weigh };
