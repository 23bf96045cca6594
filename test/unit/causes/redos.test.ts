import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { check } from 'recheck';
import { FACT_REGEXES } from '../../../src/core/causes/facts';

describe('cause markers: ReDoS', () => {
  it('every regex the ranking runs on log text is free of super-linear backtracking (recheck)', { timeout: 300_000 }, async () => {
    const bad: string[] = [];
    await Promise.all(FACT_REGEXES.map(async ([id, re]) => {
      const r = await check(re.source, re.flags.replace(/[gy]/g, ''), { timeout: 20_000 });
      if (r.status === 'vulnerable') bad.push(`${id}: ${r.complexity.type} attack ${JSON.stringify(r.attack.pattern)}`);
      else if (r.status === 'unknown') bad.push(`${id}: undecided (${r.error.kind})`);
    }));
    assert.ok(FACT_REGEXES.length > 20);
    assert.deepEqual(bad, []);
  });
});
