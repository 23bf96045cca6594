/**
 * Fix engine entry (bundled separately as dist/fix-engine.js, loaded lazily). It finds where a
 * source file builds HTTP clients or makes requests, and plans minimal text edits that configure
 * those clients against connection resets. Go, PHP (curl) and Node (JavaScript, TypeScript).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { FIX_IDS, type FixId, type FixParams } from '../types';
import { go } from './go';
import { node } from './node';
import { firstSyntaxError, parse, type FixLanguageDialect } from './parser';
import { php } from './php';
import { applyEdits, dedupeEdits, positionAt, sortEdits, resolveParams, type LanguageModule, type ResolvedParams, type Site, type TextEdit } from './text';

export type { FixLanguageDialect } from './parser';
export type { Position, Site, TextEdit } from './text';
export { clientIdleFor, resolveParams } from './text';
export const FIX_ENGINE_VERSION = 1;

/** A fix that would change the file at one site. */
export interface FixOffer {
  fix: FixId;
  site: Site;
  /** Index of `site` in `findSites()`'s result; pass it to `applyFix` to touch only that site. */
  siteIndex: number;
  title: string;
  description: string;
}

/** Why nothing was applied: the file does not parse, the input is wrong, or no site takes the fix. */
export type FixFailure = 'unparseable' | 'bad-input' | 'not-applicable';

export type FixResult =
  | { ok: true; edits: TextEdit[]; output: string }
  | { ok: false; code: FixFailure; reason: string };

const EXTENSIONS: Record<string, FixLanguageDialect> = {
  '.go': 'go',
  '.php': 'php',
  '.phtml': 'php',
  '.js': 'javascript',
  '.cjs': 'javascript',
  '.mjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.cts': 'typescript',
  '.mts': 'typescript',
  '.tsx': 'tsx',
};

/** The dialect for a file name, or null when the fix engine does not handle it. */
export function languageForPath(path: string): FixLanguageDialect | null {
  const m = /\.[A-Za-z]+$/.exec(path);
  return m ? (EXTENSIONS[m[0].toLowerCase()] ?? null) : null;
}

/** The dialect for a CLI `--lang` value and file name (`node` picks JS/TS by extension). */
export function dialectFor(lang: 'go' | 'php' | 'node', path: string): FixLanguageDialect {
  if (lang !== 'node') return lang;
  const byPath = languageForPath(path);
  return byPath === 'typescript' || byPath === 'tsx' || byPath === 'javascript' ? byPath : 'javascript';
}

export function isFixId(s: string): s is FixId {
  return (FIX_IDS as readonly string[]).includes(s);
}

function moduleFor(dialect: FixLanguageDialect): LanguageModule<unknown> {
  return dialect === 'go' ? go : dialect === 'php' ? php : node(dialect);
}

/** Parses and analyses, or explains why the file cannot be handled. */
async function withAnalysis<T>(source: string, dialect: FixLanguageDialect, use: (m: LanguageModule<unknown>, a: unknown) => T): Promise<T | { parseError: string }> {
  const tree = await parse(source, dialect);
  try {
    const err = firstSyntaxError(tree.rootNode);
    if (err) return { parseError: syntaxMessage(source, err, dialect) };
    const m = moduleFor(dialect);
    return use(m, m.analyze(source, tree.rootNode));
  } finally {
    tree.delete();
  }
}

function syntaxMessage(source: string, n: Node, dialect: FixLanguageDialect): string {
  const pos = positionAt(source, n.startIndex);
  return `the file does not parse as ${dialect} (syntax error at line ${pos.line + 1}, column ${pos.character + 1}); no edit is made to a file that does not parse`;
}

/** A server idle timeout so short that no client idle timeout fits below it with a margin. */
function idleFloorReason(fix: FixId, p: ResolvedParams): string | null {
  if (fix !== 'keepalive-idle' || p.clientIdleMs < p.assumedServerIdleMs) return null;
  return `the server closes idle connections after ${p.assumedServerIdleMs} ms, too soon for a client idle timeout (${p.clientIdleMs} ms) to stay below it; use disable-keepalive`;
}

function isParseError(x: unknown): x is { parseError: string } {
  return typeof x === 'object' && x !== null && 'parseError' in x;
}

/** Null when `source` parses cleanly as `dialect`, else why not (with line and column). */
export async function syntaxError(source: string, dialect: FixLanguageDialect): Promise<string | null> {
  const r = await withAnalysis(source, dialect, () => null);
  return isParseError(r) ? r.parseError : null;
}

/**
 * Where the file builds HTTP clients or makes requests. Throws nothing for bad input: a file that
 * does not parse yields an empty list (use `applyFix` to get the reason).
 */
export async function findSites(source: string, dialect: FixLanguageDialect): Promise<Site[]> {
  const r = await withAnalysis(source, dialect, (m, a) => m.sites(a));
  return isParseError(r) ? [] : r;
}

/** The fixes that would change the file, one entry per fix and site. */
export async function listFixes(source: string, dialect: FixLanguageDialect, params?: FixParams): Promise<FixOffer[]> {
  const p = resolveParams(params);
  const r = await withAnalysis(source, dialect, (m, a) => {
    const out: FixOffer[] = [];
    m.sites(a).forEach((site, i) => {
      for (const fix of m.fixesAt(a, i)) {
        if (m.unsupported(fix) !== null || idleFloorReason(fix, p) !== null) continue;
        if (m.planAt(a, i, fix, p).status !== 'changed') continue;
        out.push({ fix, site, siteIndex: i, title: m.title(fix, a, i, p), description: m.description(fix, a, i, p) });
      }
    });
    return out;
  });
  return isParseError(r) ? [] : r;
}

/**
 * Applies `fix` at every site where it applies (or only at `siteIndex`). `ok: true` with no edits
 * means the file already has the fix (applying twice changes nothing). `ok: false` explains why
 * nothing was done: the file does not parse, no site takes this fix, or the language has no use for it.
 */
export async function applyFix(source: string, dialect: FixLanguageDialect, fix: FixId, params?: FixParams, siteIndex?: number): Promise<FixResult> {
  if (!isFixId(fix)) return { ok: false, code: 'bad-input', reason: `unknown fix '${String(fix)}' (known: ${FIX_IDS.join(', ')})` };
  const p = resolveParams(params);
  const r = await withAnalysis(source, dialect, (m, a): FixResult => {
    const why = m.unsupported(fix) ?? idleFloorReason(fix, p);
    if (why !== null) return { ok: false, code: 'not-applicable', reason: `${fix} is not offered for ${dialect}: ${why}` };
    const sites = m.sites(a);
    if (siteIndex !== undefined && (siteIndex < 0 || siteIndex >= sites.length)) return { ok: false, code: 'bad-input', reason: `no site ${siteIndex} (the file has ${sites.length})` };
    const indices = siteIndex !== undefined ? [siteIndex] : sites.map((_, i) => i);
    const edits: TextEdit[] = [];
    const reasons: string[] = [];
    let alreadyDone = false;
    for (const i of indices) {
      if (!m.fixesAt(a, i).includes(fix)) continue;
      const planned = m.planAt(a, i, fix, p);
      if (planned.status === 'changed') edits.push(...planned.edits);
      else if (planned.status === 'satisfied') alreadyDone = true;
      else reasons.push(`line ${sites[i]!.range.start.line + 1}: ${planned.reason}`);
    }
    if (edits.length === 0) {
      if (alreadyDone) return { ok: true, edits: [], output: source };
      if (sites.length === 0) return { ok: false, code: 'not-applicable', reason: 'no HTTP client or request was found in this file' };
      return { ok: false, code: 'not-applicable', reason: reasons.length > 0 ? `${fix} applies nowhere: ${reasons.join('; ')}` : `${fix} does not apply to any client or request in this file` };
    }
    const unique = sortEdits(dedupeEdits(edits));
    return { ok: true, edits: unique, output: applyEdits(source, unique) };
  });
  if (isParseError(r)) return { ok: false, code: 'unparseable', reason: r.parseError };
  if (r.ok && r.edits.length > 0) {
    // Never hand back a file that no longer parses.
    const check = await parse(r.output, dialect);
    try {
      const err = firstSyntaxError(check.rootNode);
      if (err) return { ok: false, code: 'not-applicable', reason: `internal error: the planned edit would break the file (${syntaxMessage(r.output, err, dialect)}); nothing was changed` };
    } finally {
      check.delete();
    }
  }
  return r;
}
