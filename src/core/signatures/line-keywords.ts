/**
 * Which keywords a line holds, for the signature matcher: an Aho-Corasick automaton (fully
 * expanded) over the UTF-16 units of the lower-cased line. One table lookup per character, where
 * a regex alternation of some 300 keywords costs several times that.
 *
 * Keywords are cut to their first LINE_KEYWORD_PREFIX units; a hit names every keyword with that
 * prefix, so the caller gets a superset and confirms each keyword itself.
 */

export const LINE_KEYWORD_PREFIX = 16;

/** The automaton's tables: plain typed arrays, which may live in shared memory. */
export interface LineKeywordTables {
  classOf: Uint8Array;
  delta: Int32Array;
  classes: number;
  firstOutput: number;
  outputStart: Int32Array;
  outputs: Int32Array;
}

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

  /** `keywords` must be lower case; or the tables of an automaton built before. */
  constructor(keywords: readonly string[] | LineKeywordTables, prefix = LINE_KEYWORD_PREFIX) {
    if (!Array.isArray(keywords)) {
      const t = keywords as LineKeywordTables;
      this.classOf = t.classOf;
      this.delta = t.delta;
      this.classes = t.classes;
      this.firstOutput = t.firstOutput;
      this.outputStart = t.outputStart;
      this.outputs = t.outputs;
      return;
    }
    const units = (keywords as readonly string[]).map((k) => k.slice(0, prefix));
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
    // The trie, with the keywords ending at each node.
    const children: Map<number, number>[] = [new Map<number, number>()];
    const own: number[][] = [[]];
    units.forEach((u, k) => {
      if (u.length === 0) return;
      let s = 0;
      for (let i = 0; i < u.length; i++) {
        const c = classOf[u.charCodeAt(i)]!;
        let t = children[s]!.get(c);
        if (t === undefined) {
          t = children.length;
          children.push(new Map<number, number>());
          own.push([]);
          children[s]!.set(c, t);
        }
        s = t;
      }
      own[s]!.push(k);
    });
    const states = children.length;
    // Failure links breadth first (walking the trie); outputs follow them.
    const fail = new Int32Array(states);
    const out: number[][] = own.map((o) => [...o]);
    const order = [0];
    for (let q = 0; q < order.length; q++) {
      const s = order[q]!;
      // Breadth first, so the failure state's outputs are complete already.
      if (s !== 0) out[s]!.push(...out[fail[s]!]!);
      for (const [c, t] of children[s]!) {
        let f = s === 0 ? -1 : fail[s]!;
        while (f > 0 && !children[f]!.has(c)) f = fail[f]!;
        fail[t] = f === -1 ? 0 : (children[f]!.get(c) ?? 0);
        order.push(t);
      }
    }
    // States with outputs numbered last.
    const id = new Int32Array(states);
    let next = 0;
    for (let s = 0; s < states; s++) if (out[s]!.length === 0) id[s] = next++;
    const firstOutput = next;
    const outputStart = new Int32Array(states - firstOutput + 1);
    const outputs: number[] = [];
    for (let s = 0; s < states; s++) {
      if (out[s]!.length === 0) continue;
      outputStart[next - firstOutput] = outputs.length;
      outputs.push(...out[s]!);
      id[s] = next++;
    }
    outputStart[next - firstOutput] = outputs.length;
    // The full transition function in the same order: each row starts as its failure state's
    // (shallower, so filled already), then takes its own edges.
    const delta = new Int32Array(states * classes);
    const start = id[0]! * classes;
    delta.fill(start, start, start + classes);
    for (const s of order) {
      const row = id[s]! * classes;
      if (s !== 0) delta.copyWithin(row, id[fail[s]!]! * classes, id[fail[s]!]! * classes + classes);
      children[s]!.forEach((t, c) => {
      delta[row + c] = id[t]! * classes;
    });
    }
    this.classOf = classOf;
    this.delta = delta;
    this.classes = classes;
    this.firstOutput = firstOutput * classes;
    this.outputStart = outputStart;
    this.outputs = Int32Array.from(outputs);
  }

  /** The tables, to rebuild this automaton elsewhere (`new LineKeywords(tables)`). */
  tables(): LineKeywordTables {
    return { classOf: this.classOf, delta: this.delta, classes: this.classes, firstOutput: this.firstOutput, outputStart: this.outputStart, outputs: this.outputs };
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
