/**
 * Which keywords a line holds, for the signature matcher: an Aho-Corasick automaton (fully
 * expanded) over the UTF-16 units of the lower-cased line. One table lookup per character, where
 * a regex alternation of some 300 keywords costs several times that.
 *
 * Keywords are cut to their first LINE_KEYWORD_PREFIX units; a hit names every keyword with that
 * prefix, so the caller gets a superset and confirms each keyword itself.
 */

import { buildAhoCorasick } from './aho-corasick';

export const LINE_KEYWORD_PREFIX = 16;

export class LineKeywords {
  /** UTF-16 unit → class (units of no keyword share class 0). */
  private readonly classOf: Uint8Array;
  /** Row-major transitions, premultiplied row offsets. */
  private readonly delta: Int32Array;
  /** Row offsets at or above this have outputs. */
  private readonly firstOutput: number;
  /** Per output row (by (offset - firstOutput) / classes): its keywords in `outputs`. */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly classes: number;

  /** `keywords` must be lower case. */
  constructor(keywords: readonly string[], prefix = LINE_KEYWORD_PREFIX) {
    const units = keywords.map((k) => k.slice(0, prefix));
    const classOf = new Uint8Array(65536);
    let classes = 1;
    for (const u of units) {
      for (let i = 0; i < u.length; i++) {
        const c = u.charCodeAt(i);
        if (classOf[c] === 0) {
          if (classes === 256) throw new Error('too many distinct keyword characters');
          classOf[c] = classes++;
        }
      }
    }
    const ac = buildAhoCorasick(units.map((u) => Array.from({ length: u.length }, (_, i) => classOf[u.charCodeAt(i)]!)), classes);
    this.classOf = classOf;
    this.delta = ac.delta;
    this.classes = classes;
    this.firstOutput = ac.firstOutput;
    this.outputStart = ac.outputStart;
    this.outputs = ac.outputs;
  }

  /** Calls `found` with the index of every keyword (prefix) in `lower`, once per occurrence. */
  forEach(lower: string, found: (keyword: number) => void): void {
    const classOf = this.classOf;
    const delta = this.delta;
    const firstOutput = this.firstOutput;
    let s = 0;
    for (let i = 0; i < lower.length; i++) {
      s = delta[s + classOf[lower.charCodeAt(i)]!]!;
      if (s >= firstOutput) {
        const row = (s - firstOutput) / this.classes;
        for (let o = this.outputStart[row]!, end = this.outputStart[row + 1]!; o < end; o++) found(this.outputs[o]!);
      }
    }
  }
}
