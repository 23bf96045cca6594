import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { check } from 'recheck';
import { SIGNATURES, createLowerCasePrefilter, createPrefilter } from '../../../src/core/signatures';
import { EXTRACT_REGEXES } from '../../../src/core/detect/extract';
import { DETECTOR_REGEXES } from '../../../src/core/detect/line-detector';
import { ANSI_REGEX } from '../../../src/core/detect/ansi';

/** Every regex the detector runs on text it did not write, with a name for the report. */
function allRegexes(): [string, RegExp][] {
  const out: [string, RegExp][] = SIGNATURES.map((s) => [s.id, s.pattern]);
  EXTRACT_REGEXES.forEach((re, i) => out.push([`extract#${i}`, re]));
  DETECTOR_REGEXES.forEach((re, i) => out.push([`detector#${i}`, re]));
  out.push(['ansi', ANSI_REGEX], ['prefilter', createPrefilter()], ['lower-case-prefilter', createLowerCasePrefilter()]);
  // The localized signatures are escaped literals built by one function; one of them stands for all.
  return out.filter(([id], i, all) => !id.startsWith('l10n.') || all.findIndex(([x]) => x.startsWith('l10n.')) === i);
}

describe('ReDoS', () => {
  it('every signature, extraction and detector regex is free of super-linear backtracking (recheck)', { timeout: 1_200_000 }, async () => {
    const unsafe: string[] = [];
    const unknown: string[] = [];
    const regexes = allRegexes();
    // recheck's automaton checker plus fuzzing; `auto` falls back to the pure-JS build when the
    // native binary is missing. A few at a time with a bounded budget each; a check that runs out
    // of time (a busy machine) is retried once with a larger budget before it counts as undecided.
    const queue = [...regexes];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [id, re] = next;
        const flags = re.flags.replace(/[gy]/g, '');
        let r = await check(re.source, flags, { timeout: 30_000 });
        if (r.status === 'unknown') r = await check(re.source, flags, { timeout: 120_000 });
        if (r.status === 'vulnerable') unsafe.push(`${id}: /${re.source}/ ${r.complexity.type} attack ${JSON.stringify(r.attack.pattern)}`);
        else if (r.status === 'unknown') unknown.push(`${id}: /${re.source}/ ${r.error.kind}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    console.log(`recheck: ${regexes.length} regexes, ${unsafe.length} vulnerable, ${unknown.length} undecided`);
    assert.deepEqual(unsafe, []);
    assert.deepEqual(unknown, []);
  });
});
