import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { detect, scanStream } from '../../../src/core/detect';

/**
 * One endless line built from fragments that start many signatures and finish none, mixed with
 * a real error now and then: the worst case for a matcher that backtracks or rescans.
 */
function adversarialLine(bytes: number): string {
  const unit = 'Get "http://h/x fetch failed curl: ( read tcp 1.2.3.4:5-> [::1 connect ECONNREFUSED ::::::: Failed to connect to aaaa port ' +
    "Read error ( cURL error 5 'ECONNRESET' Connection reset by Peer-ish SocketException: Connection reset ";
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function chunks(s: string): AsyncIterable<Buffer> {
  const b = Buffer.from(s);
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += 65536) parts.push(b.subarray(i, i + 65536));
  return Readable.from(parts);
}

describe('linear work on adversarial input', () => {
  it('scanStream: 10 MB of one line costs about 10x the matcher work of 1 MB', { timeout: 120_000 }, async () => {
    const runs = [];
    for (const mb of [1, 10]) {
      const line = adversarialLine(mb << 20);
      let findings = 0;
      const t0 = process.hrtime.bigint();
      const r = await scanStream(chunks(line), () => findings++);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      runs.push({ mb, ms, findings, chars: r.matcherChars, calls: r.matcherLines });
    }
    const [small, big] = runs as [(typeof runs)[0], (typeof runs)[0]];
    console.log(`adversarial line: 1 MB ${small.ms.toFixed(0)} ms, ${small.chars} matcher chars; 10 MB ${big.ms.toFixed(0)} ms, ${big.chars} matcher chars`);
    const workRatio = big.chars / small.chars;
    assert.ok(workRatio > 7 && workRatio < 13, `matcher work ratio ${workRatio}`);
    assert.ok(big.calls / small.calls < 13, `matcher calls ratio ${big.calls / small.calls}`);
    // Generous: a quadratic matcher would be ~100x slower, not ~10x.
    assert.ok(big.ms / small.ms < 40, `time ratio ${big.ms / small.ms}`);
  });

  it('detect(): a 10 MB line is matched in windows, not as a whole', { timeout: 120_000 }, () => {
    const times: number[] = [];
    for (const mb of [1, 10]) {
      const line = adversarialLine(mb << 20);
      const t0 = process.hrtime.bigint();
      const found = detect(line);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      assert.ok(found.length > 0);
      assert.ok(found.every((f) => f.line === 1 && f.text.length <= 500));
    }
    assert.ok(times[1]! / times[0]! < 40, `time ratio ${times[1]! / times[0]!}`);
  });
});
