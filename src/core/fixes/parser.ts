/**
 * Lazy tree-sitter loading: the runtime initialises on the first parse and each grammar loads once,
 * then stays cached for the life of the process.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';

/** Source dialects the fix engine parses. */
export type FixLanguageDialect = 'go' | 'php' | 'javascript' | 'typescript' | 'tsx';

const GRAMMAR: Record<FixLanguageDialect, string> = {
  go: 'tree-sitter-go.wasm',
  php: 'tree-sitter-php.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/**
 * Where the wasm files live: dist/wasm next to the bundle (esbuild.mjs copies them there), else the
 * package in the nearest node_modules (unit tests run with packages external).
 */
function wasmPath(file: string): string {
  const beside = join(__dirname, 'wasm', file);
  if (existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`tree-sitter: ${file} not found next to ${__dirname} or in node_modules`);
}

type TreeSitter = typeof import('@vscode/tree-sitter-wasm');
let runtime: Promise<TreeSitter> | undefined;
const parsers = new Map<FixLanguageDialect, Promise<Parser>>();

function loadRuntime(): Promise<TreeSitter> {
  runtime ??= (async () => {
    // Bundled, esbuild hands over the CommonJS exports; a real dynamic import (unit tests keep the
    // package external) puts them under `default`.
    const mod = (await import('@vscode/tree-sitter-wasm')) as TreeSitter & { default?: TreeSitter };
    const ts = typeof mod.Parser === 'function' ? mod : mod.default!;
    await ts.Parser.init({ locateFile: (file: string) => wasmPath(file) });
    return ts;
  })();
  return runtime;
}

function parserFor(dialect: FixLanguageDialect): Promise<Parser> {
  let p = parsers.get(dialect);
  if (!p) {
    p = (async () => {
      const ts = await loadRuntime();
      const language: Language = await ts.Language.load(wasmPath(GRAMMAR[dialect]));
      const parser = new ts.Parser();
      parser.setLanguage(language);
      return parser;
    })();
    // A failed load must not poison the cache: the next call retries.
    p.catch(() => parsers.delete(dialect));
    parsers.set(dialect, p);
  }
  return p;
}

/** Parses `source`; the caller must `delete()` the tree when done. */
export async function parse(source: string, dialect: FixLanguageDialect): Promise<Tree> {
  const parser = await parserFor(dialect);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter: ${dialect} parse returned no tree`);
  return tree;
}

/** The first ERROR or MISSING node, if the tree has one. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) return n;
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return root;
}

/** Every node of the tree, depth-first, in source order. */
export function* walk(root: Node): Generator<Node> {
  const cursor = root.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        yield cursor.currentNode;
        if (cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent()) return;
      descending = false;
    }
  } finally {
    cursor.delete();
  }
}
