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
import { undiciSignatures } from './undici';
import { windowsSignatures } from './windows';

export type { Field, Role, Signature, ErrnoSource } from './types';
export { CODE_CLASS, CURL_CODES, LINUX_ERRNO, WINSOCK_ERRNO } from './define';

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
 * Case-insensitive alternation of every keyword, for text in JS strings. A line that it does not
 * match cannot match any signature (apart from `context` lines, which only count inside traces).
 */
export function createPrefilter(): RegExp {
  return new RegExp(PREFILTER_KEYWORDS.map(escapeRegex).join('|'), 'gi');
}

/**
 * The same prefilter for UTF-8 bytes read as latin1 (one char per byte), so that a file scan can
 * search raw bytes without decoding them. Non-ASCII keywords are spelled as their UTF-8 bytes.
 */
export function createBytePrefilter(): RegExp {
  const variants = new Set<string>();
  for (const k of PREFILTER_KEYWORDS) {
    variants.add(Buffer.from(k, 'utf8').toString('latin1'));
    // Case folding of non-ASCII letters does not survive the byte view: add the capitalised form.
    if (/[^\x00-\x7f]/.test(k)) variants.add(Buffer.from(k.charAt(0).toUpperCase() + k.slice(1), 'utf8').toString('latin1'));
  }
  return new RegExp([...variants].map(escapeRegex).join('|'), 'gi');
}

const compiled: Compiled[] = SIGNATURES.map((signature) => ({ signature, keywords: signature.keywords.map((k) => k.toLowerCase()) }));

/**
 * Every signature that matches `line` (one line, ANSI already removed). `includeContext` adds the
 * `context` signatures, which only mean something inside a trace.
 */
export function matchLine(line: string, includeContext: boolean): SignatureMatch[] {
  const lower = line.toLowerCase();
  const out: SignatureMatch[] = [];
  for (const { signature, keywords } of compiled) {
    if (!includeContext && signature.role === 'context') continue;
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
