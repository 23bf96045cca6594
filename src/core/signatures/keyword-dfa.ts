/**
 * The file scanner's keyword search: one deterministic automaton (Aho-Corasick, fully expanded)
 * over raw UTF-8 bytes. It reads every byte exactly once with one table lookup, needs no decoding
 * and no lower-casing (ASCII letters share a byte class with their lower-case form), and counts
 * line breaks on the way, so a file is searched in a single linear pass whatever the keyword set.
 *
 * It only has to be a necessary condition: a line it reports is handed to the signature matcher,
 * which decides. So keywords are cut to their first KEYWORD_PREFIX_BYTES bytes (a line holding a
 * keyword holds its prefix), which keeps the table small.
 */
import { buildAhoCorasick } from './aho-corasick';

/** Keywords are searched by this many leading bytes. */
export const KEYWORD_PREFIX_BYTES = 16;

/** What `ByteKeywordScanner.find` found besides the hit itself. */
export interface ByteScanState {
  /** Line breaks crossed between `from` and the hit (or `to`). */
  newlines: number;
  /** Start of the line holding the hit (after the last line break crossed), or `from`. */
  lineStart: number;
  /** Start of the line before it when at least one break was crossed, else -1. */
  prevLineStart: number;
}

interface Automaton {
  /** Byte → class (ASCII upper case folded onto lower case; bytes of no keyword share class 0). */
  classOf: Uint8Array;
  /** Row-major transitions; entries are premultiplied row offsets (state × classes). */
  delta: Int32Array;
  /** Row offsets at or above this are special: a keyword ended, or a line break. */
  special: number;
  /** The row offset reached on a line break (a copy of the start row). */
  newline: number;
}

/** The spellings searched for one keyword: as written, and for non-ASCII ones capitalised and upper case. */
function spellings(keyword: string): string[] {
  const out = [keyword];
  // ASCII letters fold in the class map; other scripts' capitals are different bytes.
  if (/[^\x00-\x7f]/.test(keyword)) out.push(keyword.charAt(0).toUpperCase() + keyword.slice(1), keyword.toUpperCase());
  return out;
}

const foldAscii = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

/** Builds the automaton for `keywords` (any case). */
export function buildAutomaton(keywords: readonly string[], prefixBytes = KEYWORD_PREFIX_BYTES): Automaton {
  const patterns = new Map<string, Uint8Array>();
  for (const k of keywords) {
    for (const spelling of spellings(k.toLowerCase())) {
      const bytes = Buffer.from(spelling, 'utf8').subarray(0, prefixBytes).map(foldAscii);
      if (bytes.length > 0) patterns.set(Buffer.from(bytes).toString('latin1'), bytes);
    }
  }
  // Byte classes: one per byte that occurs in a keyword (after folding), one for the line break,
  // and class 0 for everything else.
  const used = new Set<number>();
  for (const p of patterns.values()) for (const b of p) used.add(b);
  used.delete(0x0a);
  const classOf = new Uint8Array(256);
  const NL_CLASS = 1;
  let classes = 2;
  for (const b of [...used].sort((x, y) => x - y)) classOf[b] = classes++;
  for (let b = 0x41; b <= 0x5a; b++) classOf[b] = classOf[b + 0x20]!;
  classOf[0x0a] = NL_CLASS;

  // One extra row: the line-break state. Every state goes there on a line break, and it behaves
  // as the start. Keyword ends and line breaks are then the only rows at or above `firstOutput`.
  const ac = buildAhoCorasick([...patterns.values()].map((p) => Array.from(p, (b) => classOf[b]!)), classes, 1);
  const delta = ac.delta;
  const newline = (ac.rows - 1) * classes;
  for (let row = 0; row < newline; row += classes) delta[row + NL_CLASS] = newline;
  delta.copyWithin(newline, 0, classes);
  return { classOf, delta, special: ac.firstOutput, newline };
}

/** Every keyword hit of a range, in order; see `ByteKeywordScanner.findAll`. */
export interface KeywordHits {
  /** Number of hits (the arrays may be longer). */
  count: number;
  /** Offset of the last byte of each hit. */
  pos: number[];
  /** Line of each hit: the number of line breaks between the range's start and the hit. */
  line: number[];
  /** Line breaks in the whole range. */
  newlines: number;
}

/** Below this many bytes a range is searched as one stream. */
const MIN_INTERLEAVED = 4096;

/** Searches bytes for any keyword; see the module comment. */
export class ByteKeywordScanner {
  private readonly classOf: Uint8Array;
  private readonly delta: Int32Array;
  private readonly special: number;
  private readonly newline: number;
  /** Filled by every `find`. */
  readonly state: ByteScanState = { newlines: 0, lineStart: 0, prevLineStart: -1 };
  private readonly streamPos: number[][] = [[], [], [], []];
  private readonly streamLine: number[][] = [[], [], [], []];
  private readonly hits: KeywordHits = { count: 0, pos: [], line: [], newlines: 0 };

  constructor(automaton: Automaton) {
    this.classOf = automaton.classOf;
    this.delta = automaton.delta;
    this.special = automaton.special;
    this.newline = automaton.newline;
  }

  /**
   * The offset of the last byte of the first keyword (prefix) in `bytes[from, to)`, or -1. Line
   * breaks crossed on the way are reported in `state`.
   */
  find(bytes: Uint8Array, from: number, to: number): number {
    const classOf = this.classOf;
    const delta = this.delta;
    const special = this.special;
    const newline = this.newline;
    let s = 0;
    let newlines = 0;
    let lineStart = from;
    let prevLineStart = -1;
    let i = from;
    for (; i < to; i++) {
      s = delta[s + classOf[bytes[i]!]!]!;
      if (s >= special) {
        if (s !== newline) break;
        newlines++;
        prevLineStart = lineStart;
        lineStart = i + 1;
      }
    }
    const st = this.state;
    st.newlines = newlines;
    st.lineStart = lineStart;
    st.prevLineStart = prevLineStart;
    return i < to ? i : -1;
  }

  /**
   * Every keyword (prefix) hit in `bytes[from, to)` with its line, and the number of line
   * breaks. The range is cut at line breaks into four parts walked side by side, so that the
   * processor overlaps four independent chains of table lookups (one chain is bound by memory
   * latency); no keyword spans a line break, so no hit is lost at a cut. The result is reused
   * by the next call.
   */
  findAll(bytes: Uint8Array, from: number, to: number): KeywordHits {
    const cut = [from, to, to, to, to];
    if (to - from >= MIN_INTERLEAVED) {
      const quarter = (to - from) >> 2;
      for (let k = 1; k < 4; k++) {
        let at = from + k * quarter;
        at = at < cut[k - 1]! ? cut[k - 1]! : at;
        const nl = indexOfByte(bytes, 10, at, to);
        cut[k] = nl === -1 ? to : nl + 1;
      }
    }
    const pos = this.streamPos;
    const line = this.streamLine;
    for (let k = 0; k < 4; k++) {
      pos[k]!.length = 0;
      line[k]!.length = 0;
    }
    const p0 = pos[0]!, p1 = pos[1]!, p2 = pos[2]!, p3 = pos[3]!;
    const l0 = line[0]!, l1 = line[1]!, l2 = line[2]!, l3 = line[3]!;
    const classOf = this.classOf;
    const delta = this.delta;
    const special = this.special;
    const newline = this.newline;
    const i0 = cut[0]!, i1 = cut[1]!, i2 = cut[2]!, i3 = cut[3]!;
    const len = Math.min(i1 - i0, i2 - i1, i3 - i2, to - i3);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let n0 = 0, n1 = 0, n2 = 0, n3 = 0;
    for (let j = 0; j < len; j++) {
      s0 = delta[s0 + classOf[bytes[i0 + j]!]!]!;
      s1 = delta[s1 + classOf[bytes[i1 + j]!]!]!;
      s2 = delta[s2 + classOf[bytes[i2 + j]!]!]!;
      s3 = delta[s3 + classOf[bytes[i3 + j]!]!]!;
      if (s0 >= special || s1 >= special || s2 >= special || s3 >= special) {
        if (s0 >= special) {
          if (s0 === newline) n0++;
          else { p0.push(i0 + j); l0.push(n0); }
        }
        if (s1 >= special) {
          if (s1 === newline) n1++;
          else { p1.push(i1 + j); l1.push(n1); }
        }
        if (s2 >= special) {
          if (s2 === newline) n2++;
          else { p2.push(i2 + j); l2.push(n2); }
        }
        if (s3 >= special) {
          if (s3 === newline) n3++;
          else { p3.push(i3 + j); l3.push(n3); }
        }
      }
    }
    // The rest of each part, one at a time.
    const states = [s0, s1, s2, s3];
    const counts = [n0, n1, n2, n3];
    for (let k = 0; k < 4; k++) {
      let s = states[k]!;
      let n = counts[k]!;
      const pk = pos[k]!;
      const lk = line[k]!;
      for (let i = cut[k]! + len, end = cut[k + 1]!; i < end; i++) {
        s = delta[s + classOf[bytes[i]!]!]!;
        if (s >= special) {
          if (s === newline) n++;
          else { pk.push(i); lk.push(n); }
        }
      }
      counts[k] = n;
    }
    const out = this.hits;
    out.count = 0;
    let base = 0;
    for (let k = 0; k < 4; k++) {
      const pk = pos[k]!;
      const lk = line[k]!;
      for (let h = 0; h < pk.length; h++) {
        out.pos[out.count] = pk[h]!;
        out.line[out.count] = base + lk[h]!;
        out.count++;
      }
      base += counts[k]!;
    }
    out.newlines = base;
    return out;
  }
}

/** `bytes.indexOf(byte, from)` within `[from, to)`, for any Uint8Array. */
function indexOfByte(bytes: Uint8Array, byte: number, from: number, to: number): number {
  const i = bytes.indexOf(byte, from);
  return i === -1 || i >= to ? -1 : i;
}

export type { Automaton };
