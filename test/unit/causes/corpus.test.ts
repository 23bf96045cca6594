// The ranking over the detector's labelled corpus of real-world excerpts (test/fixtures/corpus):
// whatever the runtime, the top cause for each finding must be one that explains a class the
// excerpt shows (its primary class, or a secondary one such as ECONNREFUSED behind a proxy error).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { causesForFinding, getCause } from '../../../src/core/causes';
import { detect } from '../../../src/core/detect';

const DIR = join(process.cwd(), 'test/fixtures/corpus');
const FILES = ['documented-formats.json', 'lab-captures.json'].map((f) => join(DIR, f));
const missing = FILES.find((f) => !existsSync(f));

describe('causes over the labelled corpus', () => {
  it('the top cause of every finding explains one of its classes', { skip: missing ? `corpus not present: ${missing}` : false }, () => {
    let findings = 0;
    const wrong: string[] = [];
    for (const file of FILES) {
      const items = JSON.parse(readFileSync(file, 'utf8')) as { id: string; text: string }[];
      for (const item of items) {
        for (const f of detect(item.text)) {
          findings++;
          const top = causesForFinding(f)[0];
          if (!top || !f.classes.some((c) => getCause(top.id).classes.includes(c))) wrong.push(`${item.id}: ${f.classes.join('+')} → ${top?.id ?? 'nothing'}`);
        }
      }
    }
    console.log(`corpus: ${findings} findings, ${wrong.length} whose top cause explains none of its classes`);
    assert.ok(findings > 100, `only ${findings} findings`);
    assert.deepEqual(wrong, []);
  });
});
