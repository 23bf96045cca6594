import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detect } from '../../../src/core/detect';
import { ERROR_CLASSES, type Endpoint, type ErrorClass } from '../../../src/core/types';
import { loadCorpus } from '../../fixtures/corpus';

interface Expect {
  class: ErrorClass;
  runtime?: string;
  errno?: string;
  endpoint?: { host: string; port: number | null };
  method?: string;
  /** Findings the excerpt holds when it is several separate messages (default 1). */
  count?: number;
}
interface Entry {
  id: string;
  text: string;
  expect: Expect | null;
  source: string;
}

const load = (): Entry[] => loadCorpus<Entry>();

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);
const sameEndpoint = (e: Endpoint | null, x: { host: string; port: number | null }): boolean => e !== null && e.host === x.host && e.port === x.port;

describe('labelled corpus', () => {
  const entries = load();

  it('is large enough, cites a source for every excerpt, and uses only known classes', () => {
    const positives = entries.filter((e) => e.expect !== null);
    assert.ok(entries.length >= 300, `corpus has ${entries.length} excerpts`);
    assert.ok(entries.length - positives.length >= 60, 'at least 60 negatives');
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'ids are unique');
    for (const e of entries) {
      assert.ok(e.source.length > 10, `${e.id} cites its source`);
      if (e.expect) assert.ok((ERROR_CLASSES as readonly string[]).includes(e.expect.class), `${e.id}: class ${e.expect.class}`);
    }
  });

  it('meets recall >= 98%, precision >= 99%, class accuracy >= 95%, and extracts the labelled fields', () => {
    let positives = 0;
    let tp = 0;
    let fp = 0;
    let classOk = 0;
    let detected = 0;
    const signaturesHit = new Set<string>();
    const field: Record<'runtime' | 'errno' | 'endpoint' | 'method', [number, number]> = { runtime: [0, 0], errno: [0, 0], endpoint: [0, 0], method: [0, 0] };
    const misses: string[] = [];
    const extra: string[] = [];
    const wrongClass: string[] = [];
    const wrongField: string[] = [];
    const runtimes = new Set<string>();
    for (const e of entries) {
      const found = detect(e.text);
      if (!e.expect) {
        fp += found.length;
        for (const f of found) extra.push(`${e.id}: ${f.class} ${f.signature}`);
        continue;
      }
      const want = e.expect.count ?? 1;
      positives += want;
      if (found.length === 0) {
        misses.push(e.id);
        continue;
      }
      tp += Math.min(found.length, want);
      if (found.length > want) {
        fp += found.length - want;
        extra.push(`${e.id}: ${found.length} findings, expected ${want}`);
      }
      const f = found[0]!;
      detected++;
      for (const x of found) signaturesHit.add(x.signature);
      runtimes.add(f.runtime);
      if (f.class === e.expect.class) classOk++;
      else wrongClass.push(`${e.id}: ${f.class} (${f.signature}), expected ${e.expect.class}`);
      const x = e.expect;
      const checks: [keyof typeof field, boolean | null][] = [
        ['runtime', x.runtime === undefined ? null : f.runtime === x.runtime],
        ['errno', x.errno === undefined ? null : f.errno === x.errno],
        ['endpoint', x.endpoint === undefined ? null : sameEndpoint(f.endpoint, x.endpoint)],
        ['method', x.method === undefined ? null : f.method === x.method],
      ];
      for (const [k, ok] of checks) {
        if (ok === null) continue;
        field[k][1]++;
        if (ok) field[k][0]++;
        else wrongField.push(`${e.id}: ${k} = ${JSON.stringify(k === 'endpoint' ? f.endpoint : f[k])}, expected ${JSON.stringify(x[k])}`);
      }
    }
    const recall = tp / positives;
    const precision = tp / (tp + fp);
    const classAccuracy = classOk / detected;
    const negatives = entries.filter((e) => e.expect === null).length;
    console.log(`corpus: ${entries.length} excerpts (${entries.length - negatives} positive, ${negatives} negative), ${positives} expected findings; runtimes seen: ${runtimes.size}`);
    console.log(`  recall ${pct(tp, positives)}  precision ${pct(tp, tp + fp)}  class accuracy ${pct(classOk, detected)}`);
    console.log(`  signatures reported at least once: ${signaturesHit.size}`);
    for (const [k, [ok, n]] of Object.entries<[number, number]>(field)) console.log(`  ${k} accuracy ${pct(ok, n)}`);
    for (const m of misses) console.log(`  missed: ${m}`);
    for (const m of extra) console.log(`  false positive: ${m}`);
    for (const m of wrongClass) console.log(`  wrong class: ${m}`);
    for (const m of wrongField) console.log(`  wrong field: ${m}`);
    assert.ok(recall >= 0.98, `recall ${recall}`);
    assert.ok(precision >= 0.99, `precision ${precision}`);
    assert.ok(classAccuracy >= 0.95, `class accuracy ${classAccuracy}`);
    for (const [k, [ok, n]] of Object.entries<[number, number]>(field)) assert.ok(n === 0 || ok / n >= 0.9, `${k} accuracy ${ok}/${n}`);
  });
});
