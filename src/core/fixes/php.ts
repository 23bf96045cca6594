/** PHP: curl handles (curl_init / curl_setopt / curl_setopt_array / curl_exec), found with tree-sitter-php. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FixId } from '../types';
import { walk } from './parser';
import {
  detectLayout, formatMs, insertAfterStatement, insertListItem, plan, satisfied, seconds, siteOf, skip,
  type Layout, type LanguageModule, type ResolvedParams, type Site, type SitePlan, type TextEdit,
} from './text';

const CURL_FUNCS = new Set(['curl_init', 'curl_setopt', 'curl_setopt_array', 'curl_exec']);
const LOOPS = new Set(['for_statement', 'foreach_statement', 'while_statement', 'do_statement']);
const BLOCKS = new Set(['compound_statement', 'program', 'colon_block']);

interface OptionUse {
  opt: string;
  value: Node;
}

interface Handle {
  key: string;
  /** The statement that creates the handle or first configures it: new statements go after it. */
  anchor: Node | null;
  setopts: OptionUse[];
  arrays: { array: Node; entries: OptionUse[] }[];
  /** The `curl_exec(handle)` calls (their function name nodes), for the retry wrapper. */
  execs: Node[];
}

interface PhpSite {
  kind: 'curl-init' | 'curl-setopt' | 'curl-setopt-array' | 'curl-exec-loop';
  handle: string | null;
  site: Site;
}

interface PhpAnalysis {
  source: string;
  layout: Layout;
  quote: "'" | '"';
  sites: PhpSite[];
  handles: Map<string, Handle>;
  /** Whether the file already defines the retry wrapper. */
  hasWrapper: boolean;
  /** Where a new top-level function goes (after `declare`, `namespace X;` and `use`), or null. */
  topLevelAnchor: Node | null;
  /** Why no top-level function can be added (braced namespaces), or null. */
  noTopLevel: string | null;
}

const WRAPPER = 'curl_exec_with_retry';

function insideWrapper(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' && p.childForFieldName('name')?.text === WRAPPER) return true;
  return false;
}

function argExprs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((a): a is Node => a?.type === 'argument').map((a) => a.namedChild(a.namedChildCount - 1)!).filter(Boolean);
}

function constName(n: Node | null | undefined): string | null {
  if (!n) return null;
  if (n.type === 'name') return n.text;
  if (n.type === 'qualified_name' && /^\\[A-Z_0-9]+$/.test(n.text)) return n.text.slice(1);
  return null;
}

/** The content of a string literal without interpolation or escapes, else null. */
function stringContent(n: Node | null | undefined): string | null {
  if (!n || (n.type !== 'string' && n.type !== 'encapsed_string')) return null;
  if (n.namedChildren.some((c) => c?.type !== 'string_content')) return null;
  return n.text.slice(1, -1);
}

function handleKey(n: Node | undefined): string | null {
  if (!n || (n.type !== 'variable_name' && n.type !== 'member_access_expression' && n.type !== 'scoped_property_access_expression')) return null;
  return n.text.replace(/\s+/g, '');
}

function enclosingStatement(n: Node): Node | null {
  let cur: Node | null = n;
  while (cur && cur.type !== 'expression_statement') cur = cur.parent;
  return cur && cur.parent && BLOCKS.has(cur.parent.type) ? cur : null;
}

function analyze(source: string, root: Node): PhpAnalysis {
  // `use function` can rename a curl function or hide it behind a namespaced one of the same name.
  const aliases = new Map<string, string | null>();
  for (const n of walk(root)) {
    // The `function` keyword sits on the declaration or on its first clause, depending on the form.
    if (n.type !== 'namespace_use_declaration' || !(n.children.some((c) => c?.type === 'function') || n.namedChildren.some((c) => c?.children.some((k) => k?.type === 'function')))) continue;
    for (const clause of n.namedChildren) {
      if (clause?.type !== 'namespace_use_clause') continue;
      const target = clause.namedChild(0);
      const alias = clause.childForFieldName('alias')?.text;
      if (!target) continue;
      const fqn = target.text.replace(/^\\/, '');
      const local = alias ?? fqn.split('\\').at(-1)!;
      aliases.set(local.toLowerCase(), CURL_FUNCS.has(fqn.toLowerCase()) ? fqn.toLowerCase() : null);
    }
  }
  const resolve = (fn: Node | null): string | null => {
    if (!fn) return null;
    if (fn.type === 'name') {
      const lower = fn.text.toLowerCase();
      if (aliases.has(lower)) return aliases.get(lower)!;
      return CURL_FUNCS.has(lower) ? lower : null;
    }
    if (fn.type === 'qualified_name' && /^\\\w+$/.test(fn.text)) {
      const lower = fn.text.slice(1).toLowerCase();
      return CURL_FUNCS.has(lower) ? lower : null;
    }
    return null;
  };
  const handles = new Map<string, Handle>();
  const handle = (key: string): Handle => {
    let h = handles.get(key);
    if (!h) handles.set(key, (h = { key, anchor: null, setopts: [], arrays: [], execs: [] }));
    return h;
  };
  const sites: PhpSite[] = [];
  const inits = new Map<string, Node>();
  const execs: { call: Node; key: string }[] = [];
  let single = 0;
  let double = 0;
  for (const n of walk(root)) {
    if (n.type === 'string') single++;
    else if (n.type === 'encapsed_string') double++;
    if (n.type !== 'function_call_expression' || insideWrapper(n)) continue;
    const fn = resolve(n.childForFieldName('function'));
    if (!fn) continue;
    const args = argExprs(n);
    if (fn === 'curl_init') {
      const assign = n.parent?.type === 'assignment_expression' && n.parent.childForFieldName('right')?.equals(n) ? n.parent : null;
      const key = handleKey(assign?.childForFieldName('left') ?? undefined);
      const url = stringContent(args[0]);
      sites.push({ kind: 'curl-init', handle: key, site: siteOf(source, n, 'php.curl-init', key ? `curl handle ${key}` : 'a curl handle that is not stored in a variable', url) });
      if (key) {
        inits.set(key, n);
        const h = handle(key);
        h.anchor ??= enclosingStatement(n);
      }
      continue;
    }
    const key = handleKey(args[0]);
    if (!key) continue;
    if (fn === 'curl_setopt') {
      const opt = constName(args[1]);
      sites.push({ kind: 'curl-setopt', handle: key, site: siteOf(source, n, 'php.curl-setopt', `curl_setopt on ${key}${opt ? ` (${opt})` : ''}`, null) });
      const h = handle(key);
      if (opt && args[2]) h.setopts.push({ opt, value: args[2] });
      h.anchor ??= enclosingStatement(n);
    } else if (fn === 'curl_setopt_array') {
      sites.push({ kind: 'curl-setopt-array', handle: key, site: siteOf(source, n, 'php.curl-setopt-array', `curl_setopt_array on ${key}`, null) });
      const h = handle(key);
      const arr = args[1];
      if (arr?.type === 'array_creation_expression') {
        const entries: OptionUse[] = [];
        for (const el of arr.namedChildren) {
          if (el?.type !== 'array_element_initializer' || el.namedChildCount !== 2) continue;
          const opt = constName(el.namedChild(0));
          if (opt) entries.push({ opt, value: el.namedChild(1)! });
        }
        h.arrays.push({ array: arr, entries });
      }
      h.anchor ??= enclosingStatement(n);
    } else if (fn === 'curl_exec') {
      execs.push({ call: n, key });
      handle(key).execs.push(n.childForFieldName('function')!);
    }
  }
  for (const { call, key } of execs) {
    let loop: Node | null = call.parent;
    while (loop && !LOOPS.has(loop.type)) loop = loop.parent;
    if (!loop) continue;
    const init = inits.get(key);
    // A handle created inside the loop is new each time round; one created outside is reused.
    if (init && init.startIndex >= loop.startIndex && init.endIndex <= loop.endIndex) continue;
    sites.push({ kind: 'curl-exec-loop', handle: key, site: siteOf(source, call, 'php.curl-exec-loop', `curl_exec(${key}) in a loop reuses the handle's kept-alive connection`, null) });
  }
  sites.sort((x, y) => x.site.start - y.site.start);
  let topLevelAnchor: Node | null = null;
  let noTopLevel: string | null = null;
  let hasWrapper = false;
  for (const top of root.namedChildren) {
    if (!top) continue;
    if (top.type === 'function_definition' && top.childForFieldName('name')?.text === WRAPPER) hasWrapper = true;
    if (top.type === 'namespace_definition' && top.childForFieldName('body')) noTopLevel = 'the file uses braced namespaces; add the retry helper by hand';
  }
  for (const top of root.namedChildren) {
    if (!top || top.type === 'comment') continue;
    if (top.type === 'php_tag' && !topLevelAnchor) topLevelAnchor = top;
    else if (top.type === 'declare_statement' || top.type === 'namespace_definition' || top.type === 'namespace_use_declaration') topLevelAnchor = top;
    else if (topLevelAnchor) break;
  }
  if (!topLevelAnchor) noTopLevel ??= 'no place for a top-level function was found';
  return { source, layout: detectLayout(source, '    '), quote: double > single ? '"' : "'", sites, handles, hasWrapper, topLevelAnchor, noTopLevel };
}

// ---------------------------------------------------------------------------------------------

interface Setting {
  opt: string;
  value: string;
  /** A constant that may be missing from PHP's curl: set only when defined, else set the fallback. */
  guard?: { opt: string; value: string };
  /** Options that set the same thing in other units: update those instead of adding this one. */
  alternatives?: { opt: string; value: string }[];
  /** For CURLOPT_HTTPHEADER: the header line to ensure in the list. */
  header?: string;
  /** An existing value is the user's choice (a stricter timeout, say) and stays. */
  keep?: boolean;
}

/** libcurl's CURLOPT_MAXAGE_CONN: whole seconds, and a connection idle N.9 s still counts as N. */
export function maxAgeSecondsFor(clientIdleMs: number): number {
  return Math.floor(clientIdleMs / 1000) - 1;
}

function settingsFor(fix: FixId, a: PhpAnalysis, p: ResolvedParams): { settings: Setting[]; comment: string } {
  switch (fix) {
    case 'keepalive-idle': {
      const maxAge = maxAgeSecondsFor(p.clientIdleMs);
      if (maxAge >= 1) {
        return {
          settings: [{ opt: 'CURLOPT_MAXAGE_CONN', value: String(maxAge), guard: { opt: 'CURLOPT_FORBID_REUSE', value: 'true' } }],
          comment: `Do not reuse a connection idle for ${maxAge + 1} s or more (server idle timeout ${seconds(p.assumedServerIdleMs)}); without MAXAGE_CONN (libcurl < 7.65), do not reuse at all.`,
        };
      }
      return {
        settings: [{ opt: 'CURLOPT_FORBID_REUSE', value: 'true' }],
        comment: `The server closes idle connections after ${seconds(p.assumedServerIdleMs)}: too soon for libcurl's whole-second MAXAGE_CONN to keep a margin, so do not reuse connections.`,
      };
    }
    case 'disable-keepalive':
      return { settings: [{ opt: 'CURLOPT_FORBID_REUSE', value: 'true' }], comment: 'Close the connection after each transfer instead of keeping it for reuse.' };
    case 'timeouts':
      return {
        settings: [
          { opt: 'CURLOPT_CONNECTTIMEOUT_MS', value: String(p.connectTimeoutMs), keep: true, alternatives: [{ opt: 'CURLOPT_CONNECTTIMEOUT', value: String(Math.ceil(p.connectTimeoutMs / 1000)) }] },
          { opt: 'CURLOPT_TIMEOUT_MS', value: String(p.totalTimeoutMs), keep: true, alternatives: [{ opt: 'CURLOPT_TIMEOUT', value: String(Math.ceil(p.totalTimeoutMs / 1000)) }] },
        ],
        comment: 'Bound the connect phase and the whole transfer.',
      };
    case 'tcp-keepalive': {
      const s = String(Math.max(1, Math.floor(p.tcpKeepAliveMs / 1000)));
      return {
        settings: [{ opt: 'CURLOPT_TCP_KEEPALIVE', value: '1' }, { opt: 'CURLOPT_TCP_KEEPIDLE', value: s }, { opt: 'CURLOPT_TCP_KEEPINTVL', value: s }],
        comment: `TCP keep-alive probes every ${s} s keep middleboxes from dropping idle connections.`,
      };
    }
    case 'expect-header':
      return {
        settings: [{ opt: 'CURLOPT_HTTPHEADER', value: `[${a.quote}Expect:${a.quote}]`, header: 'Expect:' }],
        comment: 'An empty Expect header stops libcurl from waiting for "100 Continue" before sending a large body.',
      };
    default:
      return { settings: [], comment: '' };
  }
}

function findUse(h: Handle, opt: string): OptionUse | null {
  return h.setopts.find((u) => u.opt === opt) ?? h.arrays.flatMap((x) => x.entries).find((u) => u.opt === opt) ?? null;
}

/** Ensures the header line in an existing CURLOPT_HTTPHEADER array literal. */
function ensureHeader(a: PhpAnalysis, value: Node, header: string): TextEdit[] | string {
  if (value.type !== 'array_creation_expression') return `CURLOPT_HTTPHEADER is set from \`${value.text}\`, not a literal list; add '${header}' to it by hand`;
  const name = header.split(':')[0]!.toLowerCase();
  const items = value.namedChildren.filter((c): c is Node => c?.type === 'array_element_initializer');
  for (const el of items) {
    const content = el.namedChildCount === 1 ? stringContent(el.namedChild(0)) : null;
    if (content === null || content.split(':')[0]!.trim().toLowerCase() !== name) continue;
    if (content === header) return [];
    const lit = el.namedChild(0)!;
    return [{ start: lit.startIndex, end: lit.endIndex, newText: `${a.quote}${header}${a.quote}` }];
  }
  const open = value.children.find((c) => c?.type === '[' || c?.type === '(')!;
  const close = value.lastChild!;
  return insertListItem(a.source, { openEnd: open.endIndex, closeStart: close.startIndex, items }, `${a.quote}${header}${a.quote}`, a.layout, { requireTrailingComma: false, pad: '' });
}

function planHandle(a: PhpAnalysis, h: Handle, fix: FixId, p: ResolvedParams): SitePlan {
  const { settings, comment } = settingsFor(fix, a, p);
  const edits: TextEdit[] = [];
  const statements: string[] = [];
  const arrayEntries: string[] = [];
  for (const s of settings) {
    const alt = s.alternatives?.map((x) => ({ x, use: findUse(h, x.opt) })).find((y) => y.use !== null);
    const use = findUse(h, s.opt) ?? alt?.use ?? null;
    const want = alt?.use && use === alt.use ? alt.x.value : s.value;
    if (use) {
      if (s.header) {
        const r = ensureHeader(a, use.value, s.header);
        if (typeof r === 'string') return skip(r);
        edits.push(...r);
      } else if (!s.keep && use.value.text !== want) edits.push({ start: use.value.startIndex, end: use.value.endIndex, newText: want });
      continue;
    }
    if (s.guard) {
      statements.push(
        `if (defined(${a.quote}${s.opt}${a.quote})) {`,
        `${a.layout.unit}curl_setopt(${h.key}, ${s.opt}, ${s.value});`,
        '} else {',
        `${a.layout.unit}curl_setopt(${h.key}, ${s.guard.opt}, ${s.guard.value});`,
        '}',
      );
    } else if (h.arrays.length > 0) arrayEntries.push(`${s.opt} => ${s.value}`);
    else statements.push(`curl_setopt(${h.key}, ${s.opt}, ${s.value});`);
  }
  if (arrayEntries.length > 0) {
    const arr = h.arrays[0]!.array;
    const open = arr.children.find((c) => c?.type === '[' || c?.type === '(')!;
    const items = arr.namedChildren.filter((c): c is Node => c?.type === 'array_element_initializer');
    const multiline = a.source.slice(open.endIndex, arr.lastChild!.startIndex).includes('\n');
    const indent = items[0] ? a.source.slice(a.source.lastIndexOf('\n', items[0].startIndex - 1) + 1, items[0].startIndex) : a.layout.unit;
    const joined = arrayEntries.join(multiline ? `,${a.layout.eol}${/^[ \t]*$/.test(indent) ? indent : a.layout.unit}` : ', ');
    edits.push(...insertListItem(a.source, { openEnd: open.endIndex, closeStart: arr.lastChild!.startIndex, items }, joined, a.layout, { requireTrailingComma: false, pad: '' }));
  }
  if (statements.length > 0) {
    if (!h.anchor) return skip(`the handle ${h.key} is not set up in a plain statement, so there is no place to add curl_setopt`);
    edits.push(insertAfterStatement(a.source, h.anchor, [`// ${comment}`, ...statements], a.layout));
  }
  return plan(edits);
}

const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];

/** The HTTP method the handle's options select, or null when the code decides it at run time. */
function staticMethod(h: Handle): string | null {
  const custom = findUse(h, 'CURLOPT_CUSTOMREQUEST');
  if (custom) return stringContent(custom.value)?.toUpperCase() ?? null;
  const on = (opt: string): boolean => {
    const u = findUse(h, opt);
    return u !== null && !['false', '0', 'null'].includes(u.value.text.toLowerCase());
  };
  if (on('CURLOPT_POST') || findUse(h, 'CURLOPT_POSTFIELDS')) return 'POST';
  if (on('CURLOPT_PUT') || on('CURLOPT_UPLOAD')) return 'PUT';
  if (on('CURLOPT_NOBODY')) return 'HEAD';
  // Options set out of sight (another function) are caught by the wrapper's run-time check.
  return 'GET';
}

function hasIdempotencyKey(h: Handle): boolean {
  const headers = findUse(h, 'CURLOPT_HTTPHEADER');
  if (headers?.value.type !== 'array_creation_expression') return false;
  return headers.value.namedChildren.some((el) => el?.type === 'array_element_initializer' && /^idempotency-key\s*:/i.test(stringContent(el.namedChild(0)) ?? ''));
}

function retryWrapper(a: PhpAnalysis, p: ResolvedParams): string {
  const u = a.layout.unit;
  const q = (s: string): string => `${a.quote}${s}${a.quote}`;
  return [
    '/**',
    ' * curl_exec, retried after a connection-level failure (refused, reset, empty reply) with exponential',
    ' * backoff and full jitter. Only for idempotent requests (RFC 9110, section 9.2.2), or requests',
    ' * carrying an Idempotency-Key header ($idempotencyKey = true): a POST is never sent twice.',
    ' */',
    `function ${WRAPPER}($ch, bool $idempotencyKey = false, int $maxRetries = ${p.maxRetries})`,
    '{',
    `${u}for ($attempt = 0; ; $attempt++) {`,
    `${u}${u}$result = curl_exec($ch);`,
    `${u}${u}if ($result !== false || $attempt >= $maxRetries || !in_array(curl_errno($ch), [7, 52, 55, 56], true)) {`,
    `${u}${u}${u}return $result;`,
    `${u}${u}}`,
    `${u}${u}// A second guard at run time: the method libcurl actually used (libcurl >= 7.72).`,
    `${u}${u}$method = defined(${q('CURLINFO_EFFECTIVE_METHOD')}) ? (string) curl_getinfo($ch, constant(${q('CURLINFO_EFFECTIVE_METHOD')})) : ${q('GET')};`,
    `${u}${u}if (!$idempotencyKey && !in_array(strtoupper($method), [${IDEMPOTENT.map(q).join(', ')}], true)) {`,
    `${u}${u}${u}return $result;`,
    `${u}${u}}`,
    `${u}${u}usleep(random_int(0, min(2000, 100 * 2 ** $attempt)) * 1000);`,
    `${u}}`,
    '}',
  ].join(a.layout.eol);
}

function planRetry(a: PhpAnalysis, h: Handle, p: ResolvedParams): SitePlan {
  const method = staticMethod(h);
  const keyed = hasIdempotencyKey(h);
  if (method === null) return skip(`the method of ${h.key} is decided at run time; a retry could repeat a non-idempotent request`);
  if (!IDEMPOTENT.includes(method) && !keyed) return skip(`${h.key} sends ${method}, which is not idempotent and carries no Idempotency-Key header: it must never be sent twice`);
  if (h.execs.length === 0) return a.hasWrapper ? satisfied : skip(`no curl_exec(${h.key}) call in this file`);
  if (a.noTopLevel !== null && !a.hasWrapper) return skip(a.noTopLevel);
  const edits: TextEdit[] = h.execs.map((fn) => ({ start: fn.startIndex, end: fn.endIndex, newText: WRAPPER }));
  if (keyed) {
    for (const fn of h.execs) {
      const args = fn.parent?.childForFieldName('arguments');
      const first = args?.namedChildren.find((c) => c?.type === 'argument');
      if (first) edits.push({ start: first.endIndex, end: first.endIndex, newText: ', true' });
    }
  }
  if (!a.hasWrapper) {
    const at = a.topLevelAnchor!;
    // After `<?php` the wrapper starts on the next line; after a statement, a blank line sets it apart.
    edits.push({ start: at.endIndex, end: at.endIndex, newText: (at.type === 'php_tag' ? a.layout.eol : a.layout.eol + a.layout.eol) + retryWrapper(a, p) + (at.type === 'php_tag' ? a.layout.eol : '') });
  }
  return plan(edits);
}

function planAt(a: PhpAnalysis, i: number, fix: FixId, p: ResolvedParams): SitePlan {
  const s = a.sites[i];
  if (!s?.handle) return skip('this curl handle is not stored in a variable');
  const h = a.handles.get(s.handle);
  if (!h) return skip(`no setup found for ${s.handle}`);
  return fix === 'retry-idempotent' ? planRetry(a, h, p) : planHandle(a, h, fix, p);
}

const ALL: FixId[] = ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive', 'retry-idempotent', 'expect-header'];

/** Fixes are offered where a handle is created (or first configured) and where it is reused in a loop. */
function fixesAt(a: PhpAnalysis, i: number): FixId[] {
  const s = a.sites[i];
  if (!s?.handle) return [];
  if (s.kind === 'curl-init' || s.kind === 'curl-exec-loop') return ALL;
  const first = a.sites.find((x) => x.handle === s.handle);
  return first === s && !a.sites.some((x) => x.handle === s.handle && x.kind === 'curl-init') ? ALL : [];
}

function title(fix: FixId, a: PhpAnalysis, i: number, p: ResolvedParams): string {
  const key = a.sites[i]?.handle ?? 'the handle';
  const server = p.serverIdleMs !== null ? `server closes idle connections after ${seconds(p.serverIdleMs)}` : `no probe: assumes a ${seconds(p.assumedServerIdleMs)} server idle timeout`;
  switch (fix) {
    case 'keepalive-idle': {
      const maxAge = maxAgeSecondsFor(p.clientIdleMs);
      return maxAge >= 1 ? `Set CURLOPT_MAXAGE_CONN to ${maxAge}s on ${key} (${server})` : `Set CURLOPT_FORBID_REUSE on ${key} (${server}: too soon for MAXAGE_CONN's whole seconds)`;
    }
    case 'disable-keepalive':
      return `Set CURLOPT_FORBID_REUSE on ${key}`;
    case 'timeouts':
      return `Set connect (${formatMs(p.connectTimeoutMs)}) and total (${formatMs(p.totalTimeoutMs)}) timeouts on ${key}`;
    case 'tcp-keepalive':
      return `Enable TCP keep-alive probes every ${Math.max(1, Math.floor(p.tcpKeepAliveMs / 1000))}s on ${key}`;
    case 'expect-header':
      return `Send an empty Expect header on ${key}`;
    case 'retry-idempotent':
      return `Retry ${key}'s idempotent requests after a connection failure (backoff with jitter)`;
    default:
      return fix;
  }
}

function description(fix: FixId, _a: PhpAnalysis, _i: number, p: ResolvedParams): string {
  switch (fix) {
    case 'keepalive-idle': {
      const maxAge = maxAgeSecondsFor(p.clientIdleMs);
      const base = `libcurl keeps a connection for reuse for up to 118 s; ${p.idleReason}. `;
      return maxAge >= 1
        ? `${base}CURLOPT_MAXAGE_CONN counts whole seconds and a connection idle for ${maxAge}.9 s still counts as ${maxAge}, so ${maxAge} s keeps reuse under ${formatMs(p.clientIdleMs)}. Where PHP's curl lacks the constant (libcurl < 7.65), the code falls back to CURLOPT_FORBID_REUSE.`
        : `${base}That is below what CURLOPT_MAXAGE_CONN (whole seconds) can express, so connections are not reused at all (CURLOPT_FORBID_REUSE).`;
    }
    case 'disable-keepalive':
      return 'Each transfer closes its connection: no request is ever sent on a connection the server or a middlebox has dropped, and libcurl never silently re-sends a request (a POST included) after such a reset.';
    case 'timeouts':
      return `Connecting may take at most ${formatMs(p.connectTimeoutMs)} and the whole transfer ${formatMs(p.totalTimeoutMs)}; curl's default is to wait forever.`;
    case 'tcp-keepalive':
      return 'TCP keep-alive probes keep a NAT or firewall from forgetting an idle connection, which it would otherwise reset when the connection is next used.';
    case 'retry-idempotent':
      return `curl_exec calls on this handle go through a small wrapper: up to ${p.maxRetries} retries with exponential backoff and full jitter on curl errors 7, 52, 55 and 56, only because the handle's request is idempotent (or carries an Idempotency-Key); the wrapper also checks the method libcurl used before each retry.`;
    case 'expect-header':
      return 'libcurl adds "Expect: 100-continue" to large POST/PUT bodies and waits for the server first; servers and proxies that mishandle it reset or stall the request. An empty "Expect:" header turns it off.';
    default:
      return '';
  }
}

function unsupported(_fix: FixId): string | null {
  return null;
}

export const php: LanguageModule<PhpAnalysis> = {
  analyze,
  sites: (a) => a.sites.map((s) => s.site),
  fixesAt,
  planAt,
  title,
  description,
  unsupported,
};
