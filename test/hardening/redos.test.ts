// Every regular expression in src/, found with the TypeScript compiler (not with regexes over code),
// goes through recheck. Regex literals and RegExp calls with constant arguments are checked as
// written; RegExp calls built at run time are listed, and the instances the modules build when
// they load (and for representative arguments) are captured and checked too.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { check } from 'recheck';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The value of a constant string expression (literals, untagged templates without holes, `+`), or null. */
function constantString(e: ts.Expression): string | null {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isParenthesizedExpression(e)) return constantString(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = constantString(e.left);
    const b = constantString(e.right);
    return a !== null && b !== null ? a + b : null;
  }
  // String.raw`...` without substitutions: the raw text is the pattern.
  if (ts.isTaggedTemplateExpression(e) && e.tag.getText() === 'String.raw' && ts.isNoSubstitutionTemplateLiteral(e.template)) {
    return e.template.rawText ?? null;
  }
  return null;
}

/** Regex literals and RegExp constructions of one file. */
function scanFile(path: string, literals: FoundRegex[], dynamic: string[]): void {
  const text = readFileSync(path, 'utf8');
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const where = (n: ts.Node): string => `${relative(ROOT, path)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const lit = n.getText(sf);
      const slash = lit.lastIndexOf('/');
      literals.push({ where: where(n), source: lit.slice(1, slash), flags: lit.slice(slash + 1) });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const [pattern, flags] = n.arguments ?? [];
      const src = pattern ? constantString(pattern) : null;
      const fl = flags ? constantString(flags) : '';
      if (src !== null && fl !== null) literals.push({ where: where(n), source: src, flags: fl });
      else dynamic.push(where(n));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

/**
 * RegExp instances built at run time: loads the core modules with the global RegExp wrapped, and
 * calls the functions that build one per call with representative arguments.
 */
async function captureDynamic(): Promise<FoundRegex[]> {
  const seen: FoundRegex[] = [];
  const Original = RegExp;
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?]) {
      const re: RegExp = Reflect.construct(target, args);
      seen.push({ where: 'run time', source: re.source, flags: re.flags });
      return re;
    },
  });
  try {
    // Dynamic imports: esbuild evaluates these modules here, after the wrapper is in place.
    const sig = await import('../../src/core/signatures');
    sig.createPrefilter();
    await import('../../src/core/detect');
    const glob = await import('../../src/core/editor/glob');
    // The shipped defaults and typical user globs. (Two `**` in one glob give a regex that is
    // quadratic in the number of path segments; paths are short, so that stays bounded.)
    for (const g of ['**/*.log', '**/*.log.[0-9]', 'logs/{app,worker}-*.txt', '**/a?b/*.{log,out}']) glob.globToRegExp(g);
    const http = await import('../../src/core/probe/http-phase');
    http.parseKeepAliveHint('timeout=5, max=100');
  } finally {
    globalThis.RegExp = Original;
  }
  return seen;
}

describe('ReDoS: every regex in src/', () => {
  it('is free of super-linear backtracking according to recheck', { timeout: 240_000 }, async () => {
    const literals: FoundRegex[] = [];
    const dynamic: string[] = [];
    for (const f of tsFiles(SRC)) scanFile(f, literals, dynamic);
    const captured = await captureDynamic();
    const all = [...literals, ...captured];
    const unique = new Map<string, FoundRegex>();
    for (const r of all) {
      const flags = r.flags.replace(/[gyd]/g, '');
      if (!unique.has(`/${r.source}/${flags}`)) unique.set(`/${r.source}/${flags}`, { ...r, flags });
    }
    const vulnerable: string[] = [];
    const undecided: string[] = [];
    const queue = [...unique.values()];
    // A few at a time: recheck starts a native checker per call, and the machine has few cores.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const res = await check(r.source, r.flags, { timeout: 30_000, randomSeed: 42 });
        if (res.status === 'vulnerable') vulnerable.push(`${r.where}: /${r.source}/${r.flags} ${res.complexity.type}, attack ${JSON.stringify(res.attack.pattern).slice(0, 120)}`);
        else if (res.status === 'unknown') undecided.push(`${r.where}: /${r.source}/${r.flags} (${res.error.kind})`);
      }
    }));
    console.log(`recheck: ${literals.length} regexes written in src/ (literals and constant RegExp calls), ${dynamic.length} RegExp calls built at run time (${dynamic.join(', ')}), ${captured.length} run-time instances captured; ${unique.size} distinct checked, ${vulnerable.length} vulnerable, ${undecided.length} undecided`);
    for (const u of undecided) console.log(`  undecided: ${u}`);
    assert.ok(literals.length > 50, 'the scan found the regexes of src/');
    assert.ok(captured.length >= dynamic.length, 'every dynamic RegExp site had at least one instance checked');
    assert.deepEqual(vulnerable, []);
  });
});
