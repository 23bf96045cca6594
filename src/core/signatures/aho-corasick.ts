/**
 * The one Aho-Corasick builder behind both keyword searches (raw bytes in keyword-dfa.ts, line
 * text in line-keywords.ts): patterns given as sequences of symbol classes become a fully
 * expanded transition table, one lookup per input symbol.
 */

export interface AhoCorasick {
  /** Row-major transitions over `classes` classes; entries are premultiplied row offsets. */
  delta: Int32Array;
  classes: number;
  /** Number of rows (states plus the extra rows asked for, which come last and start zeroed). */
  rows: number;
  /** Row offset of the first state with outputs: they are numbered after all the others. */
  firstOutput: number;
  /**
   * Pattern indices each output state stands for (its own and, through failure links, those
   * that end inside it): outputs[outputStart[k] .. outputStart[k + 1]) for output state k.
   */
  outputStart: Int32Array;
  outputs: Int32Array;
}

/**
 * Builds the automaton for `patterns` (class sequences; empty ones match nothing). The start
 * state is row 0. `extraRows` rows are added after the states for the caller's own use.
 */
export function buildAhoCorasick(patterns: readonly ArrayLike<number>[], classes: number, extraRows = 0): AhoCorasick {
  // The trie, with the patterns ending at each node.
  const children: Map<number, number>[] = [new Map<number, number>()];
  const own: number[][] = [[]];
  patterns.forEach((p, index) => {
    if (p.length === 0) return;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      let t = children[s]!.get(c);
      if (t === undefined) {
        t = children.length;
        children.push(new Map<number, number>());
        own.push([]);
        children[s]!.set(c, t);
      }
      s = t;
    }
    own[s]!.push(index);
  });
  const states = children.length;
  // Failure links breadth first (walking the trie); outputs follow them, and the failure state
  // is shallower, so its outputs are complete already.
  const fail = new Int32Array(states);
  const out = own;
  const order = [0];
  for (let q = 0; q < order.length; q++) {
    const s = order[q]!;
    if (s !== 0) out[s]!.push(...out[fail[s]!]!);
    children[s]!.forEach((t, c) => {
      let f = s === 0 ? -1 : fail[s]!;
      while (f > 0 && !children[f]!.has(c)) f = fail[f]!;
      fail[t] = f === -1 ? 0 : (children[f]!.get(c) ?? 0);
      order.push(t);
    });
  }
  // States with outputs numbered last (one comparison tells them apart); the root has none.
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
  // The full transition function in breadth-first order: each row starts as its failure state's
  // (shallower, so filled already), then takes its own edges.
  const rows = states + extraRows;
  const delta = new Int32Array(rows * classes);
  for (const s of order) {
    const row = id[s]! * classes;
    if (s !== 0) delta.copyWithin(row, id[fail[s]!]! * classes, id[fail[s]!]! * classes + classes);
    children[s]!.forEach((t, c) => {
      delta[row + c] = id[t]! * classes;
    });
  }
  return { delta, classes, rows, firstOutput: firstOutput * classes, outputStart, outputs: Int32Array.from(outputs) };
}
