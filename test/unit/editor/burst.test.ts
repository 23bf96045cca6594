import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BurstGate } from '../../../src/core/editor/burst';

describe('BurstGate', () => {
  it('opens once per burst, and again after a quiet period', () => {
    const gate = new BurstGate(60_000);
    const opened = [0, 1_000, 30_000, 89_000, 149_000, 149_500, 300_000].map((t) => gate.startsBurst(t));
    // 89 s is 59 s after 30 s (same burst); 149 s is 60 s after 89 s (a new one).
    assert.deepEqual(opened, [true, false, false, false, true, false, true]);
  });
});
