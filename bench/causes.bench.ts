// Cost of ranking causes, beside the cost of detecting the findings in the first place (same
// lines, same process). causesForFinding runs once per finding in `scan` and in hovers, so it
// should stay a small fraction of detection.
import { performance } from 'node:perf_hooks';
import { causesForFinding, rankCauses } from '../src/core/causes';
import { detect, inferCadence } from '../src/core/detect';

const LINES = [
  '2026/11/21 05:10:20 error sending: Post "http://127.0.0.1:9000/test": http: server closed idle connection',
  '2026/11/21 05:10:21 error sending: Post "http://127.0.0.1:9000/test": read tcp 127.0.0.1:43258->127.0.0.1:9000: read: connection reset by peer',
  'Error: read ECONNRESET',
  'Error: connect ECONNREFUSED 127.0.0.1:5432',
  'curl: (56) Recv failure: Connection reset by peer',
  'curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to api.example.com:443',
  'Error: getaddrinfo ENOTFOUND api.example.com',
  'TypeError: fetch failed [cause]: SocketError: other side closed',
  '2026/11/21 07:00:01 [error] 1234#0: *5 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.1',
  'java.net.SocketException: Connection reset',
];

function time(label: string, rounds: number, fn: () => void): number {
  for (let i = 0; i < Math.min(200, rounds); i++) fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  const ms = performance.now() - t0;
  console.log(`${label}: ${(ms / rounds * 1000).toFixed(1)} µs per call (${rounds} calls, ${ms.toFixed(0)} ms)`);
  return ms / rounds;
}

const findings = LINES.flatMap((l) => detect(l));
console.log(`${LINES.length} sample lines, ${findings.length} findings`);
if (findings.length === 0) throw new Error('the detector found nothing in the sample lines');

const rounds = 20_000;
let i = 0;
const detectCost = time('baseline detect(line)', rounds, () => { detect(LINES[i++ % LINES.length] ?? ''); });
let j = 0;
const rankCost = time('causesForFinding(finding)', rounds, () => { causesForFinding(findings[j++ % findings.length]!); });
console.log(`ratio causesForFinding / detect: ${(rankCost / detectCost).toFixed(2)}`);

// A whole log: 10 000 findings ranked together, with a cadence, as explain does.
const many = Array.from({ length: 10_000 }, (_, k) => ({ ...findings[k % findings.length]!, timestamp: 1_700_000_000_000 + k * 60_000 }));
const cadence = inferCadence(many);
const t0 = performance.now();
const ranked = rankCauses(many, { cadence });
const bulk = performance.now() - t0;
console.log(`rankCauses(10 000 findings + cadence): ${bulk.toFixed(1)} ms (${(bulk / many.length * 1000).toFixed(2)} µs per finding), top ${ranked[0]?.id ?? 'none'}`);
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
