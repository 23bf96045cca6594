import { REF } from './citations';
import { hasClass } from './facts';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'request-timeout',
  title: 'Timeout: the connection or the response took longer than the client allowed',
  classes: ['timeout'],
  summary: [
    'A client timer fired: while connecting, waiting for headers, or between body chunks.',
    'Which phase timed out tells you where to look; set explicit connect and total timeouts.',
  ],
  mechanism:
    'Clients bound each phase of a request with a timer, and each timer tells a different story when it fires. A ' +
    'connect timeout means no answer to the SYN at all: a host that is down, a wrong address, or a firewall that ' +
    'drops packets. A timeout waiting for response headers means the connection worked but the server (or its ' +
    'backend) did not answer in time: slow queries, exhausted workers, a deadlock. A timeout between body chunks ' +
    'means the transfer stalled midway, which also happens on paths that lose large packets. Defaults differ a lot ' +
    "between libraries: Go's http.Client has no overall timeout unless you set one, undici waits 300 s for headers, " +
    'libcurl has no total limit by default, so a hang can last minutes before anything is logged.',
  raisedBy: [
    'ETIMEDOUT, "i/o timeout", "context deadline exceeded", curl 28, undici headers/body timeout',
    'The time until failure matches a configured timeout exactly',
  ],
  loweredBy: ['The error came back immediately (refused or reset)'],
  confirm: {
    probeArgs: ['--timeout', '30000'],
    lookFor:
      'phases.connectMs (slow or failed connect), phases.ttfbMs (slow server), or error.phase telling which phase ' +
      'ran out of time.',
  },
  nextSteps: [
    'Find which phase timed out: connect, TLS, waiting for headers, or reading the body.',
    'Connect timeouts: check the address, routing and firewalls (DROP rules). Header timeouts: check server latency and its backends.',
    'Set explicit connect and total timeouts on the client so failures are quick and visible, and retry idempotent requests.',
  ],
  fixes: { go: ['timeouts', 'retry-idempotent'], php: ['timeouts', 'retry-idempotent'], node: ['timeouts', 'retry-idempotent'] },
  citations: [REF.failures, REF.goClient, REF.undiciClient, REF.curlConnectTimeout, REF.curlTimeout, REF.connect2],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [...byClass(f, 'timeout', 4)];
  if (hasClass(f, 'timeout')) {
    out.push(...byMarker(f, 'responseTimeout', 0.5, 'the server accepted the connection but was slow to answer'), ...byMarker(f, 'connectTimeout', 0.3));
    out.push(...byHint(f, 'reading_headers', 0.3));
  }
  const p = f.probe;
  if (p?.error && /TIMEOUT|TIMEDOUT/i.test(p.error.code)) out.push({ w: 3, why: `the probe timed out in the ${p.error.phase} phase (${p.error.code})` });
  return out;
}

export const requestTimeout: CauseModule = { info, weigh };
