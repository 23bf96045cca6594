import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detect, inferCadence } from '../../../src/core/detect';

const at = (iso: string, host = '10.0.0.7:8080') => `${iso} Get "http://${host}/a": read tcp 10.0.0.9:5000->${host}: read: connection reset by peer`;

describe('inferCadence', () => {
  it('finds a regular period from timestamped findings of one endpoint', () => {
    const log = ['2024-05-01T10:00:00Z', '2024-05-01T10:01:00Z', '2024-05-01T10:02:01Z', '2024-05-01T10:03:00Z', '2024-05-01T10:04:00Z'].map((t) => at(t)).join('\n');
    const c = inferCadence(detect(log));
    assert.ok(c);
    assert.equal(c.samples, 5);
    assert.equal(c.periodMs, 60_000);
    assert.equal(c.minGapMs, 59_000);
    assert.ok(c.regularity > 0.9, String(c.regularity));
    assert.match(c.description, /resets come every ~60 s \(5 samples\)/);
  });

  it('returns null for irregular gaps, too few samples, or no timestamps', () => {
    const irregular = ['2024-05-01T10:00:00Z', '2024-05-01T10:00:03Z', '2024-05-01T10:02:00Z', '2024-05-01T10:02:05Z', '2024-05-01T10:09:00Z'].map((t) => at(t)).join('\n');
    assert.equal(inferCadence(detect(irregular)), null);
    assert.equal(inferCadence(detect([at('2024-05-01T10:00:00Z'), at('2024-05-01T10:01:00Z')].join('\n'))), null);
    assert.equal(inferCadence(detect('curl: (56) Recv failure: Connection reset by peer\n'.repeat(5))), null);
  });

  it('keeps endpoints apart: the regular one wins over interleaved noise', () => {
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) lines.push(at(new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + i * 5_000).toISOString(), '10.0.0.8:9000'));
    lines.push(at('2024-05-01T10:00:01Z'), at('2024-05-01T10:00:17Z'), at('2024-05-01T10:00:19Z'));
    const c = inferCadence(detect(lines.join('\n')));
    assert.ok(c);
    assert.equal(c.periodMs, 5_000);
    assert.equal(c.samples, 6);
  });
});
