/**
 * Node (JavaScript and TypeScript, ESM and CommonJS): global fetch, undici, node:http(s) and axios,
 * found with tree-sitter-javascript / -typescript / -tsx.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FixId } from '../types';
import type { FixLanguageDialect } from './parser';
import { walk } from './parser';
import {
  detectLayout, formatMs, freshName, importEdit, indentLines, insertListItem, lineIndent, plan, satisfied, seconds, siteOf, skip,
  type Layout, type LanguageModule, type ResolvedParams, type Site, type SitePlan, type TextEdit,
} from './text';

type ModuleName = 'undici' | 'http' | 'https' | 'axios';

type NodeKind =
  | 'undici-agent' | 'undici-pool' | 'undici-client' | 'undici-fetch' | 'undici-request' | 'set-global-dispatcher'
  | 'global-fetch' | 'http-request' | 'http-agent' | 'axios-create' | 'axios-call';

interface NodeSite {
  kind: NodeKind;
  node: Node;
  /** For http sites: how the call reached the module (`https` namespace, say), to build an Agent the same way. */
  module?: ModuleName;
  site: Site;
}

interface NodeAnalysis {
  source: string;
  dialect: FixLanguageDialect;
  layout: Layout;
  quote: "'" | '"';
  semi: string;
  esm: boolean;
  sites: NodeSite[];
  /** Local name → module, for `import * as x` / default imports / `const x = require()`. */
  namespaces: Map<string, ModuleName>;
  /** Local name → module export, for named imports and destructured requires. */
  named: Map<string, { module: ModuleName; name: string }>;
  /** Named import lists (ESM) and destructuring patterns (CJS) per module, to add names to. */
  namedLists: Map<ModuleName, Node>;
  /** Where new top-level statements go: after this node (the last import/require), or at the top. */
  lastImport: Node | null;
  firstStatement: Node | null;
  identifiers: Set<string>;
  hasGlobalDispatcher: boolean;
  hasFetchWrapper: boolean;
}

const WRAPPER = 'fetchWithRetry';
const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];
const RETRY_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];
const AXIOS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

function moduleOf(spec: string): ModuleName | null {
  switch (spec) {
    case 'undici':
      return 'undici';
    case 'http':
    case 'node:http':
      return 'http';
    case 'https':
    case 'node:https':
      return 'https';
    case 'axios':
      return 'axios';
    default:
      return null;
  }
}

function stringValue(n: Node | null | undefined): string | null {
  if (!n) return null;
  if (n.type === 'string') return n.namedChildren.every((c) => c?.type === 'string_fragment') ? n.text.slice(1, -1) : null;
  if (n.type === 'template_string') return n.namedChildCount === 0 ? n.text.slice(1, -1) : null;
  return null;
}

function requireSource(n: Node | null | undefined): ModuleName | null {
  if (n?.type === 'await_expression') n = n.namedChild(0);
  if (n?.type !== 'call_expression' || n.childForFieldName('function')?.text !== 'require') return null;
  return moduleOf(stringValue(n.childForFieldName('arguments')?.namedChild(0)) ?? '');
}

function hasFunctionAncestor(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function'].includes(p.type)) return true;
  }
  return false;
}

function args(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
}

function analyze(dialect: FixLanguageDialect, source: string, root: Node): NodeAnalysis {
  const namespaces = new Map<string, ModuleName>();
  const named = new Map<string, { module: ModuleName; name: string }>();
  const namedLists = new Map<ModuleName, Node>();
  const identifiers = new Set<string>();
  const declared = new Set<string>();
  let lastImport: Node | null = null;
  let firstStatement: Node | null = null;
  let esm = false;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  for (const top of root.namedChildren) {
    if (!top || top.type === 'comment' || top.type === 'hash_bang_line') continue;
    firstStatement ??= top;
    if (['import_statement', 'lexical_declaration', 'variable_declaration', 'expression_statement'].includes(top.type)) {
      if (top.text.endsWith(';')) withSemi++;
      else withoutSemi++;
    }
    if (top.type === 'import_statement' || top.type.startsWith('export')) esm = true;
    if (top.type === 'import_statement') {
      lastImport = top;
      const mod = moduleOf(stringValue(top.childForFieldName('source')) ?? '');
      const clause = top.namedChildren.find((c) => c?.type === 'import_clause');
      if (!mod || !clause) continue;
      for (const part of clause.namedChildren) {
        if (part?.type === 'identifier') namespaces.set(part.text, mod);
        else if (part?.type === 'namespace_import') namespaces.set(part.namedChild(0)!.text, mod);
        else if (part?.type === 'named_imports') {
          namedLists.set(mod, part);
          for (const spec of part.namedChildren) {
            if (spec?.type !== 'import_specifier') continue;
            const name = spec.childForFieldName('name')!.text;
            named.set(spec.childForFieldName('alias')?.text ?? name, { module: mod, name });
          }
        }
      }
    } else if (top.type === 'lexical_declaration' || top.type === 'variable_declaration') {
      for (const d of top.namedChildren) {
        if (d?.type !== 'variable_declarator') continue;
        const mod = requireSource(d.childForFieldName('value'));
        if (!mod) continue;
        lastImport = top;
        const name = d.childForFieldName('name')!;
        if (name.type === 'identifier') namespaces.set(name.text, mod);
        else if (name.type === 'object_pattern') {
          namedLists.set(mod, name);
          for (const p of name.namedChildren) {
            if (p?.type === 'shorthand_property_identifier_pattern') named.set(p.text, { module: mod, name: p.text });
            else if (p?.type === 'pair_pattern') named.set(p.childForFieldName('value')!.text, { module: mod, name: p.childForFieldName('key')!.text });
          }
        }
      }
    } else if (top.type === 'expression_statement' && top.namedChild(0)?.type === 'string' && lastImport === null) {
      // 'use strict' and other directives stay first.
      lastImport = top;
    }
  }
  let requires = false;
  for (const n of walk(root)) {
    if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'require') requires = true;
    // Top-level await and import.meta exist only in ES modules.
    if ((n.type === 'await_expression' && !hasFunctionAncestor(n)) || (n.type === 'meta_property' && n.text === 'import.meta')) esm = true;
    if (n.type === 'string') {
      if (n.text.startsWith('"')) double++;
      else single++;
    } else if (n.type === 'identifier' || n.type === 'property_identifier' || n.type === 'type_identifier' || n.type === 'shorthand_property_identifier_pattern') identifiers.add(n.text);
    if ((n.type === 'variable_declarator' || n.type === 'function_declaration') && n.childForFieldName('name')?.type === 'identifier') declared.add(n.childForFieldName('name')!.text);
  }
  // TypeScript without imports or requires is written as a module; plain JavaScript defaults to CommonJS.
  if (!esm && !requires && dialect !== 'javascript') esm = true;
  const a: NodeAnalysis = {
    source, dialect, layout: detectLayout(source, '  '), quote: double > single ? '"' : "'", semi: withoutSemi > withSemi ? '' : ';', esm,
    sites: [], namespaces, named, namedLists, lastImport, firstStatement, identifiers, hasGlobalDispatcher: false, hasFetchWrapper: false,
  };
  /** What a callee or constructor expression refers to: a module export, or null. */
  const target = (n: Node | null): { module: ModuleName; name: string } | null => {
    if (!n) return null;
    if (n.type === 'identifier') {
      const b = named.get(n.text);
      if (b) return b;
      const ns = namespaces.get(n.text);
      return ns === 'axios' ? { module: 'axios', name: 'default' } : null;
    }
    if (n.type === 'member_expression') {
      const obj = n.childForFieldName('object');
      const prop = n.childForFieldName('property')?.text;
      const ns = obj?.type === 'identifier' ? namespaces.get(obj.text) : undefined;
      if (ns && prop) return { module: ns, name: prop };
      // `require('undici').Agent`
      const req = requireSource(obj);
      if (req && prop) return { module: req, name: prop };
    }
    return null;
  };
  const add = (kind: NodeKind, node: Node, description: string, module?: ModuleName) => {
    const first = node.type === 'call_expression' ? args(node)[0] : undefined;
    const url = stringValue(first) ?? (first?.type === 'new_expression' && first.childForFieldName('constructor')?.text === 'URL' ? stringValue(args(first)[0]) : null);
    a.sites.push({ kind, node, module, site: siteOf(source, node, `node.${kind}`, description, url) });
  };
  for (const n of walk(root)) {
    if (n.type === 'function_declaration' && n.childForFieldName('name')?.text === WRAPPER) a.hasFetchWrapper = true;
    if (n.type === 'new_expression') {
      const t = target(n.childForFieldName('constructor'));
      if (t?.module === 'undici') {
        if (t.name === 'Agent') add('undici-agent', n, 'an undici Agent (connection pools per origin)');
        else if (t.name === 'Pool') add('undici-pool', n, 'an undici Pool');
        else if (t.name === 'Client') add('undici-client', n, 'an undici Client');
      } else if ((t?.module === 'http' || t?.module === 'https') && t.name === 'Agent') add('http-agent', n, `a node:${t.module} Agent`, t.module);
    } else if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === 'fetch' && !named.has('fetch') && !declared.has('fetch')) {
        add('global-fetch', n, 'global fetch (undici inside Node): idle connections are kept 4 s unless the server hints otherwise');
        continue;
      }
      const t = target(fn);
      if (!t) continue;
      if (t.module === 'undici') {
        if (t.name === 'fetch') add('undici-fetch', n, 'undici fetch');
        else if (t.name === 'request') add('undici-request', n, 'undici request');
        else if (t.name === 'setGlobalDispatcher') {
          a.hasGlobalDispatcher = true;
          add('set-global-dispatcher', n, 'the global dispatcher used by fetch and undici calls');
        }
      } else if ((t.module === 'http' || t.module === 'https') && (t.name === 'request' || t.name === 'get')) {
        add('http-request', n, `node:${t.module}.${t.name} on the global agent (keep-alive on, 5 s socket timeout in Node 20)`, t.module);
      } else if (t.module === 'axios') {
        if (t.name === 'create') add('axios-create', n, 'an axios instance');
        else if (t.name === 'default' || AXIOS_METHODS.has(t.name)) add('axios-call', n, 'an axios request');
      }
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Object literals

interface Prop {
  key: string;
  value?: string;
  /** Leave an existing value alone (the user chose it). */
  ifAbsent?: boolean;
  nested?: Prop[];
}

function propKey(n: Node): string | null {
  if (n.type === 'shorthand_property_identifier') return n.text;
  if (n.type !== 'pair') return null;
  const k = n.childForFieldName('key');
  if (!k) return null;
  return k.type === 'property_identifier' ? k.text : stringValue(k);
}

function objectItems(obj: Node): Node[] {
  return obj.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

function renderProp(p: Prop): string {
  return p.nested ? `${p.key}: { ${p.nested.map(renderProp).join(', ')} }` : `${p.key}: ${p.value}`;
}

/** Sets properties in an object literal: replaces differing values, adds missing ones in place. */
function setProps(a: NodeAnalysis, obj: Node, props: Prop[]): TextEdit[] | string {
  const items = objectItems(obj);
  if (items.some((i) => i.type === 'spread_element')) {
    // A spread may already carry the option; setting it after the spread would override silently.
    const keys = new Set(items.map(propKey));
    if (props.some((p) => !keys.has(p.key))) return `the options object spreads \`${items.find((i) => i.type === 'spread_element')!.text}\`; set the option there`;
  }
  const edits: TextEdit[] = [];
  const missing: Prop[] = [];
  for (const p of props) {
    const item = items.find((i) => propKey(i) === p.key);
    if (!item) {
      missing.push(p);
      continue;
    }
    if (item.type === 'shorthand_property_identifier' || p.ifAbsent) continue;
    const value = item.childForFieldName('value')!;
    if (p.nested) {
      if (value.type !== 'object') return `\`${p.key}\` is \`${value.text}\`, not an object literal; set ${p.nested.map((x) => x.key).join(', ')} there`;
      const inner = setProps(a, value, p.nested);
      if (typeof inner === 'string') return inner;
      edits.push(...inner);
    } else if (value.text !== p.value) edits.push({ start: value.startIndex, end: value.endIndex, newText: p.value! });
  }
  if (missing.length > 0) {
    const multiline = a.source.slice(obj.startIndex, obj.endIndex).includes('\n');
    const indent = items[0] ? lineIndent(a.source, items[0].startIndex) : lineIndent(a.source, obj.endIndex - 1) + a.layout.unit;
    const trailing = items.length > 0 && /^\s*,/.test(a.source.slice(items.at(-1)!.endIndex, obj.endIndex - 1));
    const joined = missing.map(renderProp).join(multiline ? `,${a.layout.eol}${indent}` : ', ');
    edits.push(...insertListItem(a.source, { openEnd: obj.startIndex + 1, closeStart: obj.endIndex - 1, items }, joined, a.layout, { requireTrailingComma: trailing, pad: ' ' }));
  }
  return edits;
}

/** Sets props on the options argument at `index`, adding the argument when it is absent. */
function setOptionsArg(a: NodeAnalysis, call: Node, index: number, props: Prop[]): TextEdit[] | string {
  const list = args(call);
  const opt = list[index];
  if (opt?.type === 'object') return setProps(a, opt, props);
  if (opt) return `the options are \`${opt.text}\`, not an object literal; set ${props.map((p) => p.key).join(', ')} where they are built`;
  const obj = `{ ${props.map(renderProp).join(', ')} }`;
  const argsNode = call.childForFieldName('arguments');
  if (!argsNode) return [{ start: call.endIndex, end: call.endIndex, newText: `(${obj})` }];
  if (list.length < index) return 'the call has fewer arguments than expected';
  const last = list.at(-1);
  if (!last) return [{ start: argsNode.startIndex + 1, end: argsNode.endIndex - 1, newText: obj }];
  return [{ start: last.endIndex, end: last.endIndex, newText: `, ${obj}` }];
}

// ---------------------------------------------------------------------------------------------
// Imports and top-level statements

/** Local expressions for undici exports, with the edits that import the missing ones. */
function undiciRefs(a: NodeAnalysis, names: string[]): { refs: Map<string, string>; edits: TextEdit[] } {
  const refs = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const local = [...a.named].find(([, b]) => b.module === 'undici' && b.name === name)?.[0];
    const ns = [...a.namespaces].find(([, m]) => m === 'undici')?.[0];
    if (local) refs.set(name, local);
    else if (ns) refs.set(name, `${ns}.${name}`);
    else missing.push(name);
  }
  const edits: TextEdit[] = [];
  if (missing.length === 0) return { refs, edits };
  const locals = missing.map((n) => {
    const local = a.identifiers.has(n) ? freshName(`Undici${n}`, a.identifiers) : n;
    refs.set(n, local);
    return local === n ? n : a.esm ? `${n} as ${local}` : `${n}: ${local}`;
  });
  const list = a.namedLists.get('undici');
  if (list) {
    const items = list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    edits.push(...insertListItem(a.source, { openEnd: list.startIndex + 1, closeStart: list.endIndex - 1, items }, locals.join(', '), a.layout, { requireTrailingComma: false, pad: ' ' }));
  } else {
    const q = a.quote;
    edits.push(topLevel(a, a.esm ? `import { ${locals.join(', ')} } from ${q}undici${q}${a.semi}` : `const { ${locals.join(', ')} } = require(${q}undici${q})${a.semi}`, true));
  }
  return { refs, edits };
}

/** `http` / `https` namespace (or Agent binding) for `new X.Agent`, importing the module if needed. */
function agentRef(a: NodeAnalysis, module: 'http' | 'https'): { ref: string; edits: TextEdit[] } {
  const local = [...a.named].find(([, b]) => b.module === module && b.name === 'Agent')?.[0];
  if (local) return { ref: local, edits: [] };
  const ns = [...a.namespaces].find(([, m]) => m === module)?.[0];
  if (ns) return { ref: `${ns}.Agent`, edits: [] };
  const name = freshName(module, a.identifiers);
  const q = a.quote;
  const stmt = a.esm ? `import * as ${name} from ${q}node:${module}${q}${a.semi}` : `const ${name} = require(${q}node:${module}${q})${a.semi}`;
  return { ref: `${name}.Agent`, edits: [topLevel(a, stmt, true)] };
}

/** Inserts a top-level statement after the imports (or at the top). */
function topLevel(a: NodeAnalysis, text: string, isImport = false): TextEdit {
  const { eol } = a.layout;
  const at = a.lastImport ? a.lastImport.endIndex : a.firstStatement?.startIndex ?? a.source.length;
  const e = a.lastImport ? { start: at, end: at, newText: (isImport ? eol : eol + eol) + text } : { start: at, end: at, newText: text + eol + eol };
  return isImport ? importEdit(e) : e;
}

// ---------------------------------------------------------------------------------------------
// Fix settings

function undiciProps(fix: FixId, p: ResolvedParams): Prop[] {
  switch (fix) {
    case 'keepalive-idle':
      return [{ key: 'keepAliveTimeout', value: String(p.clientIdleMs) }, { key: 'keepAliveMaxTimeout', value: String(p.clientIdleMs) }];
    case 'disable-keepalive':
      return [{ key: 'pipelining', value: '0' }];
    case 'timeouts':
      return [
        // Existing timeouts are the user's choice (often stricter) and stay.
        { key: 'connect', nested: [{ key: 'timeout', value: String(p.connectTimeoutMs), ifAbsent: true }] },
        { key: 'headersTimeout', value: String(p.totalTimeoutMs), ifAbsent: true },
        { key: 'bodyTimeout', value: String(p.totalTimeoutMs), ifAbsent: true },
      ];
    case 'tcp-keepalive':
      return [{ key: 'connect', nested: [{ key: 'keepAlive', value: 'true' }, { key: 'keepAliveInitialDelay', value: String(p.tcpKeepAliveMs) }] }];
    default:
      return [];
  }
}

function httpAgentProps(fix: FixId, p: ResolvedParams): Prop[] {
  switch (fix) {
    case 'keepalive-idle':
      return [{ key: 'keepAlive', value: 'true' }, { key: 'timeout', value: String(p.clientIdleMs) }];
    case 'disable-keepalive':
      return [{ key: 'keepAlive', value: 'false' }];
    case 'tcp-keepalive':
      return [{ key: 'keepAlive', value: 'true' }, { key: 'keepAliveMsecs', value: String(p.tcpKeepAliveMs) }];
    default:
      return [];
  }
}

function signalProp(p: ResolvedParams): Prop {
  return { key: 'signal', value: `AbortSignal.timeout(${p.totalTimeoutMs})`, ifAbsent: true };
}

function retryOptions(a: NodeAnalysis, p: ResolvedParams, indent: string): string {
  const q = (s: string) => `${a.quote}${s}${a.quote}`;
  const ts = a.dialect !== 'javascript';
  const u = a.layout.unit;
  const lines = [
    '{',
    `${u}// Only methods that are safe to repeat (RFC 9110, section 9.2.2): a POST is never retried.`,
    `${u}methods: [${IDEMPOTENT.map(q).join(', ')}],`,
    `${u}// Exponential backoff with full jitter, on connection-level failures only.`,
    `${u}retry(err, { state, opts }, cb) {`,
    `${u}${u}const code = ${ts ? '(err as NodeJS.ErrnoException).code' : '/** @type {NodeJS.ErrnoException} */ (err).code'}${a.semi}`,
    `${u}${u}if (state.counter > ${p.maxRetries} || !opts.method || ![${IDEMPOTENT.map(q).join(', ')}].includes(opts.method) || ![${RETRY_CODES.map(q).join(', ')}].includes(String(code))) {`,
    `${u}${u}${u}cb(err)${a.semi}`,
    `${u}${u}${u}return${a.semi}`,
    `${u}${u}}`,
    `${u}${u}setTimeout(() => cb(null), Math.random() * Math.min(2000, 100 * 2 ** state.counter))${a.semi}`,
    `${u}},`,
    '}',
  ];
  return indentLines(lines, indent, a.layout.eol);
}

function fetchWrapper(a: NodeAnalysis, p: ResolvedParams): string {
  const q = (s: string) => `${a.quote}${s}${a.quote}`;
  const u = a.layout.unit;
  const s = a.semi;
  const ts = a.dialect !== 'javascript';
  return [
    '/**',
    ' * fetch, retried after a connection-level failure (reset, socket closed under the request) with',
    ' * exponential backoff and full jitter, but only for idempotent methods (RFC 9110, section 9.2.2) or',
    ' * requests carrying an Idempotency-Key header: a POST without one is never sent twice.',
    ...(ts ? [] : [' * @param {string | URL | Request} input', ' * @param {RequestInit} [init]', ' * @returns {Promise<Response>}']),
    ' */',
    ts ? `async function ${WRAPPER}(input: string | URL | Request, init?: RequestInit): Promise<Response> {` : `async function ${WRAPPER}(input, init) {`,
    `${u}const method = (init?.method ?? (input instanceof Request ? input.method : ${q('GET')})).toUpperCase()${s}`,
    `${u}const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))${s}`,
    `${u}const retryable = [${IDEMPOTENT.map(q).join(', ')}].includes(method) || headers.has(${q('idempotency-key')})${s}`,
    `${u}for (let attempt = 0; ; attempt++) {`,
    `${u}${u}try {`,
    `${u}${u}${u}return await fetch(input, init)${s}`,
    `${u}${u}} catch (err) {`,
    `${u}${u}${u}const code = ${ts ? '(err as { cause?: { code?: unknown } }).cause?.code' : '/** @type {{ cause?: { code?: unknown } }} */ (err).cause?.code'}${s}`,
    `${u}${u}${u}if (!retryable || attempt >= ${p.maxRetries} || ![${RETRY_CODES.map(q).join(', ')}].includes(String(code))) throw err${s}`,
    `${u}${u}${u}await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 100 * 2 ** attempt)))${s}`,
    `${u}${u}}`,
    `${u}}`,
    '}',
  ].join(a.layout.eol);
}

function insideWrapper(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_declaration' && p.childForFieldName('name')?.text === WRAPPER) return true;
  return false;
}

/** Whether a fetch/request call passes its own `dispatcher` in the options (second argument). */
function hasDispatcher(call: Node): boolean {
  const opt = args(call)[1];
  return opt?.type === 'object' && objectItems(opt).some((i) => propKey(i) === 'dispatcher');
}

function globalDispatcher(a: NodeAnalysis, fix: FixId, p: ResolvedParams): TextEdit[] {
  const retry = fix === 'retry-idempotent';
  const { refs, edits } = undiciRefs(a, retry ? ['Agent', 'RetryAgent', 'setGlobalDispatcher'] : ['Agent', 'setGlobalDispatcher']);
  const props = undiciProps(fix, p);
  const agent = `new ${refs.get('Agent')!}(${props.length > 0 ? `{ ${props.map(renderProp).join(', ')} }` : ''})`;
  const why = fix === 'keepalive-idle' ? `Retire pooled connections after ${formatMs(p.clientIdleMs)} idle, before the server (${seconds(p.assumedServerIdleMs)}) closes them.`
    : fix === 'disable-keepalive' ? 'One connection per request: none is reused after the server closed it.'
      : fix === 'tcp-keepalive' ? `TCP keep-alive probes every ${formatMs(p.tcpKeepAliveMs)} keep middleboxes from dropping idle connections.`
        : 'Retry idempotent requests after a connection reset.';
  const value = retry ? `new ${refs.get('RetryAgent')!}(${agent}, ${retryOptions(a, p, '')})` : agent;
  edits.push(topLevel(a, `// ${why}${a.layout.eol}${refs.get('setGlobalDispatcher')!}(${value})${a.semi}`));
  return edits;
}

function planAt(a: NodeAnalysis, i: number, fix: FixId, p: ResolvedParams): SitePlan {
  const s = a.sites[i];
  if (!s) return skip(`no site ${i}`);
  const result = (r: TextEdit[] | string): SitePlan => (typeof r === 'string' ? skip(r) : plan(r));
  switch (s.kind) {
    case 'undici-agent':
    case 'undici-pool':
    case 'undici-client': {
      const index = s.kind === 'undici-agent' ? 0 : 1;
      if (fix === 'retry-idempotent') {
        if (s.kind !== 'undici-agent') return skip('wrap the pool in a RetryAgent by hand: its request API differs from an Agent\'s');
        const parent = s.node.parent?.type === 'arguments' ? s.node.parent.parent : null;
        if (parent?.type === 'new_expression' && /RetryAgent$/.test(parent.childForFieldName('constructor')?.text ?? '')) return satisfied;
        const { refs, edits } = undiciRefs(a, ['RetryAgent']);
        const indent = lineIndent(a.source, s.node.startIndex);
        edits.push({ start: s.node.startIndex, end: s.node.startIndex, newText: `new ${refs.get('RetryAgent')!}(` });
        edits.push({ start: s.node.endIndex, end: s.node.endIndex, newText: `, ${retryOptions(a, p, indent)})` });
        return plan(edits);
      }
      const props = undiciProps(fix, p);
      return props.length > 0 ? result(setOptionsArg(a, s.node, index, props)) : skip('nothing to set for this fix');
    }
    case 'http-agent': {
      const props = httpAgentProps(fix, p);
      return props.length > 0 ? result(setOptionsArg(a, s.node, 0, props)) : skip('nothing to set on an http.Agent for this fix');
    }
    case 'set-global-dispatcher':
      return satisfied;
    case 'global-fetch':
    case 'undici-fetch':
    case 'undici-request': {
      if (fix === 'timeouts') return result(setOptionsArg(a, s.node, 1, [signalProp(p)]));
      if (s.kind === 'global-fetch' && fix === 'retry-idempotent') {
        // With a global dispatcher in the file, its Agent site takes the RetryAgent instead.
        if (insideWrapper(s.node) || a.hasGlobalDispatcher) return satisfied;
        const fn = s.node.childForFieldName('function')!;
        const edits: TextEdit[] = [{ start: fn.startIndex, end: fn.endIndex, newText: WRAPPER }];
        if (!a.hasFetchWrapper) edits.push(topLevel(a, fetchWrapper(a, p)));
        return plan(edits);
      }
      if (hasDispatcher(s.node) || a.hasGlobalDispatcher) return satisfied;
      return plan(globalDispatcher(a, fix, p));
    }
    case 'http-request': {
      const list = args(s.node);
      const first = list[0];
      const optIndex = first?.type === 'object' ? 0 : list[1]?.type === 'object' ? 1 : -1;
      const urlLike = first && (stringValue(first) !== null || first.type === 'template_string' || (first.type === 'new_expression' && first.childForFieldName('constructor')?.text === 'URL'));
      if (optIndex === -1 && !urlLike) return skip(`cannot tell whether \`${first?.text ?? ''}\` is a URL or an options object; pass the options explicitly`);
      const setOn = (props: Prop[]): TextEdit[] | string => {
        if (optIndex >= 0) return setProps(a, list[optIndex]!, props);
        return [{ start: first!.endIndex, end: first!.endIndex, newText: `, { ${props.map(renderProp).join(', ')} }` }];
      };
      if (fix === 'timeouts') return result(setOn([signalProp(p)]));
      if (fix === 'disable-keepalive') return result(setOn([{ key: 'agent', value: 'false', ifAbsent: true }]));
      if (fix === 'keepalive-idle') {
        const opts = optIndex >= 0 ? objectItems(list[optIndex]!) : [];
        if (opts.some((x) => propKey(x) === 'agent')) return satisfied;
        const module = s.module === 'https' ? 'https' : 'http';
        const base = module === 'https' ? 'httpsKeepAliveAgent' : 'keepAliveAgent';
        // Reuse the agent an earlier application declared; never borrow an unrelated variable.
        const ours = a.sites.some((x) => x.kind === 'http-agent' && x.module === module && x.node.parent?.type === 'variable_declarator'
          && x.node.parent.childForFieldName('name')?.text === base);
        const name = ours ? base : freshName(base, a.identifiers);
        const r = setOn([{ key: 'agent', value: name }]);
        if (typeof r === 'string') return skip(r);
        const edits: TextEdit[] = [];
        if (!ours) {
          const { ref, edits: imports } = agentRef(a, module);
          edits.push(...imports, topLevel(a, `// Sockets idle for ${formatMs(p.clientIdleMs)} are closed before the server (${seconds(p.assumedServerIdleMs)}) closes them under a request.${a.layout.eol}const ${name} = new ${ref}({ keepAlive: true, timeout: ${p.clientIdleMs} })${a.semi}`));
        }
        return plan([...edits, ...r]);
      }
      return skip('not offered for node:http requests');
    }
    case 'axios-create': {
      if (fix === 'timeouts') return result(setOptionsArg(a, s.node, 0, [{ key: 'timeout', value: String(p.totalTimeoutMs), ifAbsent: true }]));
      if (fix === 'keepalive-idle' || fix === 'disable-keepalive') {
        const http = agentRef(a, 'http');
        const https = agentRef(a, 'https');
        const opts = fix === 'keepalive-idle' ? `{ keepAlive: true, timeout: ${p.clientIdleMs} }` : '{ keepAlive: false }';
        const r = setOptionsArg(a, s.node, 0, [{ key: 'httpAgent', value: `new ${http.ref}(${opts})` }, { key: 'httpsAgent', value: `new ${https.ref}(${opts})` }]);
        if (typeof r === 'string') return skip(r);
        return plan(r.length > 0 ? [...http.edits, ...https.edits, ...r] : []);
      }
      return skip('not offered for axios');
    }
    case 'axios-call': {
      if (fix !== 'timeouts') return skip('configure an axios instance (axios.create) instead');
      const list = args(s.node);
      const cfg = list.find((x, k) => k > 0 && x.type === 'object') ?? (list[0]?.type === 'object' ? list[0] : undefined);
      if (!cfg) return skip('the call has no config object to add a timeout to');
      return result(setProps(a, cfg, [{ key: 'timeout', value: String(p.totalTimeoutMs), ifAbsent: true }]));
    }
  }
}

function fixesAt(a: NodeAnalysis, i: number): FixId[] {
  switch (a.sites[i]?.kind) {
    case 'undici-agent':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive', 'retry-idempotent'];
    case 'undici-pool':
    case 'undici-client':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive'];
    case 'http-agent':
      return ['keepalive-idle', 'disable-keepalive', 'tcp-keepalive'];
    case 'global-fetch':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive', 'retry-idempotent'];
    case 'undici-fetch':
    case 'undici-request':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive'];
    case 'http-request':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts'];
    case 'axios-create':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts'];
    case 'axios-call':
      return ['timeouts'];
    default:
      return [];
  }
}

function title(fix: FixId, a: NodeAnalysis, i: number, p: ResolvedParams): string {
  const s = a.sites[i]!;
  const server = p.serverIdleMs !== null ? `server closes idle connections after ${seconds(p.serverIdleMs)}` : `no probe: assumes a ${seconds(p.assumedServerIdleMs)} server idle timeout`;
  const undici = s.kind.startsWith('undici') || s.kind === 'global-fetch';
  switch (fix) {
    case 'keepalive-idle':
      return undici ? `Set keepAliveTimeout and keepAliveMaxTimeout to ${formatMs(p.clientIdleMs)} (${server})` : `Close sockets idle for ${formatMs(p.clientIdleMs)} (keepAlive + timeout; ${server})`;
    case 'disable-keepalive':
      return undici ? 'Disable connection reuse (pipelining: 0)' : 'Disable connection reuse';
    case 'timeouts':
      return s.kind === 'undici-agent' || s.kind === 'undici-pool' || s.kind === 'undici-client'
        ? `Set connect (${formatMs(p.connectTimeoutMs)}), headers and body (${formatMs(p.totalTimeoutMs)}) timeouts`
        : `Abort the request after ${formatMs(p.totalTimeoutMs)}`;
    case 'tcp-keepalive':
      return `Send TCP keep-alive probes after ${formatMs(p.tcpKeepAliveMs)} idle`;
    case 'retry-idempotent':
      return s.kind === 'global-fetch' ? 'Retry idempotent fetches after a connection reset (backoff with jitter)' : 'Wrap in a RetryAgent for idempotent requests (backoff with jitter)';
    default:
      return fix;
  }
}

function description(fix: FixId, a: NodeAnalysis, i: number, p: ResolvedParams): string {
  const s = a.sites[i]!;
  switch (fix) {
    case 'keepalive-idle':
      return `Pooled connections are closed after ${formatMs(p.clientIdleMs)} idle: ${p.idleReason}. A request sent on a connection the server is closing fails with ECONNRESET or "other side closed".${
        s.kind === 'global-fetch' ? ' Global fetch is configured through undici\'s global dispatcher (needs the undici package).' : ''}`;
    case 'disable-keepalive':
      return 'Every request opens its own connection, so none is sent on a connection the server already closed; this costs a handshake per request.';
    case 'timeouts':
      return `Connecting may take at most ${formatMs(p.connectTimeoutMs)} and a request ${formatMs(p.totalTimeoutMs)}, so a silent peer cannot hang the caller.`;
    case 'tcp-keepalive':
      return 'TCP keep-alive probes keep a NAT, load balancer or firewall from forgetting an idle connection and resetting it when it is next used.';
    case 'retry-idempotent':
      return `Up to ${p.maxRetries} retries with exponential backoff and full jitter, only for connection-level failures (ECONNRESET, EPIPE, socket closed) and only for idempotent methods${
        s.kind === 'global-fetch' ? ' or requests with an Idempotency-Key header' : ''}; a POST is never sent twice.`;
    default:
      return '';
  }
}

function unsupported(fix: FixId): string | null {
  return fix === 'expect-header' ? 'Node\'s clients do not send "Expect: 100-continue" unless the code sets it' : null;
}

/** The Node module for one dialect (the dialect decides type annotations in generated code). */
export function node(dialect: FixLanguageDialect): LanguageModule<NodeAnalysis> {
  return {
    analyze: (source, root) => analyze(dialect, source, root),
    sites: (a) => a.sites.map((s) => s.site),
    fixesAt,
    planAt,
    title,
    description,
    unsupported,
  };
}
