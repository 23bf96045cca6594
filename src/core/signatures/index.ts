/**
 * The signature catalog (one data file per family) and the matcher that runs it over one line.
 */
import type { ErrorClass } from '../types';
import { browserSignatures } from './browser';
import { curlSignatures } from './curl';
import { dotnetSignatures } from './dotnet';
import { goSignatures } from './go';
import { javaSignatures } from './java';
import { localizedSignatures } from './localized';
import { nodeSignatures } from './node';
import { osSignatures } from './os';
import { proxySignatures } from './proxies';
import { pythonSignatures } from './python';
import { rubySignatures } from './ruby';
import { rustSignatures } from './rust';
import { toolSignatures } from './tools';
import type { Signature } from './types';
import { LineKeywords } from './line-keywords';
import { ByteKeywordScanner, buildAutomaton, type Automaton } from './keyword-dfa';
import { undiciSignatures } from './undici';
import { windowsSignatures } from './windows';

export type { Field, Role, Signature, ErrnoSource } from './types';
export { CODE_CLASS, CURL_CODES, LINUX_ERRNO, WINSOCK_ERRNO } from './define';
export { ByteKeywordScanner, KEYWORD_PREFIX_BYTES, type ByteScanState } from './keyword-dfa';

/** Every signature, in no particular order (rank decides between matches on one line). */
export const SIGNATURES: readonly Signature[] = [
  ...nodeSignatures, ...undiciSignatures, ...goSignatures, ...curlSignatures, ...pythonSignatures, ...javaSignatures,
  ...dotnetSignatures, ...rubySignatures, ...rustSignatures, ...proxySignatures, ...browserSignatures, ...windowsSignatures,
  ...toolSignatures, ...localizedSignatures, ...osSignatures,
];

/** One signature matching one line. */
export interface SignatureMatch {
  signature: Signature;
  /** Offset of the match in the line, UTF-16 units. */
  index: number;
  length: number;
  /** Capture group 1, when the pattern has one. */
  group: string | undefined;
  /** The class this match means (after `classByGroup`). */
  class: ErrorClass;
}

interface Compiled {
  signature: Signature;
  keywords: string[];
  order: number;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Keywords for the prefilter: a keyword that contains another one adds nothing, so only the
 * shortest of each family of literals is kept.
 */
function prefilterKeywords(signatures: readonly Signature[]): string[] {
  const all = [...new Set(signatures.filter((s) => s.role !== 'context').flatMap((s) => s.keywords.map((k) => k.toLowerCase())))];
  all.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const k of all) if (!kept.some((shorter) => k.includes(shorter))) kept.push(k);
  return kept;
}

/** The keywords the prefilter looks for (lower case). */
export const PREFILTER_KEYWORDS: readonly string[] = prefilterKeywords(SIGNATURES);

/**
 * A regex source matching any of `words`, factored as a trie (`c(?:onnection (?:re(?:set|fused))|url)`):
 * V8 then dispatches on each character once instead of trying every alternative in turn. No word
 * is a prefix of another (see `prefilterKeywords`), so at any position at most one word matches.
 */
function trieSource(words: readonly string[]): string {
  interface Node { next: Map<string, Node>; end: boolean }
  const root: Node = { next: new Map(), end: false };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let child = n.next.get(ch);
      if (!child) n.next.set(ch, (child = { next: new Map(), end: false }));
      n = child;
    }
    n.end = true;
  }
  const emit = (n: Node): string => {
    if (n.end) return '';
    const alts = [...n.next].map(([ch, child]) => escapeRegex(ch) + emit(child));
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  return emit(root);
}

/**
 * Case-insensitive search for every keyword, for text in JS strings. A line that it does not
 * match cannot match any signature (apart from `context` lines, which only count inside traces).
 */
export function createPrefilter(): RegExp {
  return new RegExp(keywordTrie(), 'gi');
}

let keywordTrieSource: string | null = null;
/** The keyword trie's source, built on first use (activation never pays for it). */
function keywordTrie(): string {
  keywordTrieSource ??= trieSource(PREFILTER_KEYWORDS);
  return keywordTrieSource;
}

/**
 * The prefilter for text already lower-cased with `toLowerCase()` (same length as the original, so
 * offsets agree): a case-sensitive search, which V8 runs faster than a case-insensitive one.
 */
export function createLowerCasePrefilter(): RegExp {
  return new RegExp(keywordTrie(), 'g');
}

let byteAutomaton: Automaton | null = null;

/**
 * A keyword search over raw UTF-8 bytes for file scans (see keyword-dfa.ts): a line it does not
 * report cannot match any signature (apart from `context` lines, which only count inside traces).
 * The automaton is built on first use and shared by every scanner.
 */
export function createByteScanner(): ByteKeywordScanner {
  byteAutomaton ??= buildAutomaton(PREFILTER_KEYWORDS);
  return new ByteKeywordScanner(byteAutomaton);
}

const compiled: Compiled[] = SIGNATURES.map((signature, order) => ({ signature, keywords: signature.keywords.map((k) => k.toLowerCase()), order }));

/** For each prefilter keyword, the signatures one of whose keywords contains it. */
const byKeyword = new Map<string, Compiled[]>();
for (const c of compiled) {
  if (c.signature.role === 'context') continue;
  for (const k of PREFILTER_KEYWORDS) {
    if (!c.keywords.some((own) => own.includes(k))) continue;
    const list = byKeyword.get(k) ?? [];
    if (!list.includes(c)) list.push(c);
    byKeyword.set(k, list);
  }
}
const contextSignatures = compiled.filter((c) => c.signature.role === 'context');
let linePrefilter: RegExp | null = null;
let lineKeywords: LineKeywords | null = null;
const byKeywordIndex: Compiled[][] = PREFILTER_KEYWORDS.map((k) => byKeyword.get(k) ?? []);

/**
 * Every signature that matches `line` (one line, ANSI already removed). `includeContext` adds the
 * `context` signatures, which only mean something inside a trace. Only the signatures whose
 * keywords the line contains are tried: the prefilter names them.
 */
export function matchLine(line: string, includeContext: boolean): SignatureMatch[] {
  const candidates = new Set<Compiled>();
  const lower = line.toLowerCase();
  if (lower.length === line.length) {
    // The keyword automaton over the lower-cased copy.
    (lineKeywords ??= new LineKeywords(PREFILTER_KEYWORDS)).forEach(lower, (k) => {
      for (const c of byKeywordIndex[k]!) candidates.add(c);
    });
  } else {
    // Lower-casing changed the length (U+0130 becomes two units): the case-insensitive regex.
    const pre = (linePrefilter ??= createPrefilter());
    pre.lastIndex = 0;
    for (let m = pre.exec(line); m; m = pre.exec(line)) {
      for (const c of byKeyword.get(m[0].toLowerCase()) ?? []) candidates.add(c);
      pre.lastIndex = m.index + 1;
    }
  }
  if (includeContext) for (const c of contextSignatures) candidates.add(c);
  if (candidates.size === 0) return [];
  const out: SignatureMatch[] = [];
  // Catalog order, so that ties of rank resolve the same way whatever the line.
  for (const c of [...candidates].sort((x, y) => x.order - y.order)) {
    const { signature, keywords } = c;
    if (!keywords.some((k) => lower.includes(k))) continue;
    const m = signature.pattern.exec(line);
    if (!m) continue;
    const group = m[1];
    let cls: ErrorClass | undefined = signature.class;
    if (signature.classByGroup) {
      cls = group === undefined ? undefined : (Object.hasOwn(signature.classByGroup, group) ? signature.classByGroup[group] : undefined);
      if (cls === undefined) continue;
    }
    out.push({ signature, index: m.index, length: m[0].length, group, class: cls });
  }
  return out;
}

/** The catalog's runtimes, for documentation and tests. */
export function runtimes(): string[] {
  return [...new Set(SIGNATURES.map((s) => s.runtime))].sort();
}
