import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PREFILTER_KEYWORDS, createByteScanner } from '../../../src/core/signatures';
import { buildAutomaton, ByteKeywordScanner, KEYWORD_PREFIX_BYTES } from '../../../src/core/signatures/keyword-dfa';
import { prng } from '../../hardening/hostile';

/** The reference: every position where a keyword prefix ends, by plain search on folded bytes. */
function naiveHits(bytes: Buffer, keywords: readonly string[]): number[] {
  const fold = Buffer.from(bytes.map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b)));
  const needles = new Set<string>();
  for (const k of keywords) {
    const lower = k.toLowerCase();
    const spellings = /[^\x00-\x7f]/.test(lower) ? [lower, lower.charAt(0).toUpperCase() + lower.slice(1), lower.toUpperCase()] : [lower];
    for (const s of spellings) needles.add(Buffer.from(Buffer.from(s, 'utf8').subarray(0, KEYWORD_PREFIX_BYTES).map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b))).toString('latin1'));
  }
  const ends = new Set<number>();
  const hay = fold.toString('latin1');
  for (const n of needles) for (let i = hay.indexOf(n); i !== -1; i = hay.indexOf(n, i + 1)) ends.add(i + n.length - 1);
  return [...ends].sort((a, b) => a - b);
}

const lineOf = (bytes: Buffer, pos: number): number => {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < pos; i = bytes.indexOf(10, i + 1)) n++;
  return n;
};

/** Random text: filler words, line breaks, and keywords in random case, some split by a break. */
function randomText(seed: number, length: number): Buffer {
  const r = prng(seed);
  const words = ['INFO', 'request', 'done', 'conn', 'reset', 'connection', 'timeout', 'ms', '200', 'peer', 'é', '連接', 'Ж', '\t', ' ', ' ', '\n', '\r\n'];
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    let w: string;
    if (r() < 0.05) {
      const k = PREFILTER_KEYWORDS[Math.floor(r() * PREFILTER_KEYWORDS.length)]!;
      const c = r();
      w = c < 0.3 ? k.toUpperCase() : c < 0.6 ? k.charAt(0).toUpperCase() + k.slice(1) : k;
      // Sometimes broken by a line break: no hit then.
      if (r() < 0.1 && w.length > 2) w = `${w.slice(0, 1)}\n${w.slice(1)}`;
    } else {
      w = words[Math.floor(r() * words.length)]!;
    }
    parts.push(w);
    size += Buffer.byteLength(w);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

describe('byte keyword automaton', () => {
  it('finds exactly the keyword prefixes plain search finds, with their lines, in one or four parts', () => {
    const scanner = createByteScanner();
    for (let seed = 1; seed <= 12; seed++) {
      // Small texts take the single-stream path, large ones the four-part one.
      const bytes = randomText(seed, seed % 2 ? 3000 : 60_000 + seed * 997);
      const expected = naiveHits(bytes, PREFILTER_KEYWORDS);
      const hits = scanner.findAll(bytes, 0, bytes.length);
      const got = hits.pos.slice(0, hits.count);
      assert.deepEqual(got, expected, `seed ${seed}`);
      assert.ok(expected.length > 0);
      for (let h = 0; h < hits.count; h += 7) assert.equal(hits.line[h], lineOf(bytes, hits.pos[h]!), `line of hit ${h}, seed ${seed}`);
      assert.equal(hits.newlines, bytes.filter((b) => b === 10).length);
    }
  });

  it('find() stops at the first hit and reports the lines it crossed', () => {
    const scanner = createByteScanner();
    const bytes = Buffer.from('plain line\nanother one\nError: read ECONNRESET\nmore\n', 'utf8');
    const hit = scanner.find(bytes, 0, bytes.length);
    assert.equal(bytes.toString('latin1', hit - 9, hit + 1), 'ECONNRESET'.slice(0, 10));
    assert.equal(scanner.state.newlines, 2);
    assert.equal(scanner.state.lineStart, bytes.indexOf('Error'));
    assert.equal(scanner.state.prevLineStart, bytes.indexOf('another'));
    assert.equal(scanner.find(bytes, bytes.indexOf('more'), bytes.length), -1);
  });

  it('matches ASCII case-insensitively and non-ASCII keywords as written, capitalised or upper case', () => {
    const a = new ByteKeywordScanner(buildAutomaton(['broken pipe', 'обрыв канала']));
    for (const text of ['x BROKEN Pipe', 'write: Broken pipe', 'обрыв канала', 'Обрыв канала', 'ОБРЫВ КАНАЛА']) {
      const b = Buffer.from(text, 'utf8');
      assert.notEqual(a.find(b, 0, b.length), -1, text);
    }
    for (const text of ['broken  pipe', 'обрыв\nканала', 'pipe broken']) {
      const b = Buffer.from(text, 'utf8');
      assert.equal(a.find(b, 0, b.length), -1, text);
    }
  });
});

describe('line keyword automaton', () => {
  it('names every keyword whose prefix a lower-cased line holds, as plain search does', async () => {
    const { LineKeywords, LINE_KEYWORD_PREFIX } = await import('../../../src/core/signatures/line-keywords');
    const auto = new LineKeywords(PREFILTER_KEYWORDS);
    for (let seed = 20; seed < 40; seed++) {
      const lower = randomText(seed, 4000).toString('utf8').toLowerCase();
      const got = new Set<number>();
      auto.forEach(lower, (k) => got.add(k));
      const expected = new Set<number>();
      PREFILTER_KEYWORDS.forEach((k, i) => {
        if (lower.includes(k.slice(0, LINE_KEYWORD_PREFIX))) expected.add(i);
      });
      assert.deepEqual([...got].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), `seed ${seed}`);
    }
  });
});
