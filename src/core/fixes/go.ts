/** Go: net/http clients, transports and net.Dialer, found with tree-sitter-go. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FixId } from '../types';
import { walk } from './parser';
import {
  detectLayout, formatMs, freshName, importEdit, indentLines, insertAfterStatement, insertListItem, lineIndent, lineStart, plan, positionAt, satisfied, seconds, siteOf, skip,
  type Layout, type LanguageModule, type ResolvedParams, type Site, type SitePlan, type TextEdit,
} from './text';

type GoKind = 'default-call' | 'client' | 'transport' | 'clone' | 'dialer';

interface GoSite {
  kind: GoKind;
  node: Node;
  site: Site;
}

interface GoAnalysis {
  source: string;
  layout: Layout;
  sites: GoSite[];
  /** Local names of the packages we use; null when not imported. */
  names: { http: string | null; net: string | null; time: string | null };
  imports: { spec: Node; path: string }[];
  importDecls: Node[];
  identifiers: Set<string>;
}

const DEFAULT_CLIENT_FUNCS = new Set(['Get', 'Post', 'Head', 'PostForm']);

function stringValue(n: Node | null | undefined): string | null {
  if (!n) return null;
  if (n.type === 'interpreted_string_literal') {
    const t = n.text.slice(1, -1);
    return t.includes('\\') ? null : t;
  }
  if (n.type === 'raw_string_literal') return n.text.slice(1, -1);
  return null;
}

function isQualified(t: Node | null, pkg: string | null, name: string): boolean {
  if (!t || pkg === null || t.type !== 'qualified_type') return false;
  return t.childForFieldName('package')?.text === pkg && t.childForFieldName('name')?.text === name;
}

/** `http.DefaultTransport.(*http.Transport).Clone()` */
function isDefaultTransportClone(call: Node, http: string): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Clone') return false;
  const assertion = fn.childForFieldName('operand');
  if (assertion?.type !== 'type_assertion_expression') return false;
  const operand = assertion.childForFieldName('operand');
  const type = assertion.childForFieldName('type');
  return operand?.type === 'selector_expression' && operand.childForFieldName('operand')?.text === http
    && operand.childForFieldName('field')?.text === 'DefaultTransport'
    && type?.type === 'pointer_type' && isQualified(type.namedChild(0), http, 'Transport');
}

function analyze(source: string, root: Node): GoAnalysis {
  const imports: { spec: Node; path: string }[] = [];
  const importDecls: Node[] = [];
  const names: GoAnalysis['names'] = { http: null, net: null, time: null };
  const identifiers = new Set<string>();
  for (const n of walk(root)) {
    if (n.type === 'import_declaration') importDecls.push(n);
    else if (n.type === 'import_spec') {
      const path = stringValue(n.childForFieldName('path'));
      if (path === null) continue;
      imports.push({ spec: n, path });
      const alias = n.childForFieldName('name')?.text;
      // Dot and blank imports give no name to qualify with; those files are left alone.
      const local = alias === undefined ? path.split('/').at(-1)! : alias === '.' || alias === '_' ? null : alias;
      if (path === 'net/http') names.http = local;
      else if (path === 'net') names.net = local;
      else if (path === 'time') names.time = local;
    } else if (n.type === 'identifier' || n.type === 'package_identifier' || n.type === 'type_identifier') identifiers.add(n.text);
  }
  const sites: GoSite[] = [];
  const add = (kind: GoKind, node: Node, description: string, url: string | null = null) =>
    sites.push({ kind, node, site: siteOf(source, node, `go.${kind}`, description, url) });
  const { http, net } = names;
  for (const n of walk(root)) {
    if (n.type === 'call_expression' && http !== null) {
      const fn = n.childForFieldName('function');
      const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
      const method = fn?.childForFieldName('field')?.text ?? '';
      const onPackage = operand?.type === 'identifier' && operand.text === http && DEFAULT_CLIENT_FUNCS.has(method);
      // http.DefaultClient.Do(req) and friends: the same client, named.
      const onDefaultClient = operand?.type === 'selector_expression' && operand.childForFieldName('operand')?.text === http
        && operand.childForFieldName('field')?.text === 'DefaultClient' && (DEFAULT_CLIENT_FUNCS.has(method) || method === 'Do');
      if (onPackage || onDefaultClient) {
        const url = method === 'Do' ? null : stringValue(n.childForFieldName('arguments')?.namedChild(0));
        add('default-call', n, `${operand.text}.${method} uses http.DefaultClient, whose transport keeps idle connections for 90 s`, url);
      } else if (isDefaultTransportClone(n, http)) {
        add('clone', n, 'a copy of http.DefaultTransport');
      }
    } else if (n.type === 'composite_literal') {
      const type = n.childForFieldName('type');
      if (isQualified(type, http, 'Client')) add('client', n, 'an http.Client');
      else if (isQualified(type, http, 'Transport')) add('transport', n, 'an http.Transport');
      else if (isQualified(type, net, 'Dialer')) add('dialer', n, 'a net.Dialer');
    }
  }
  return { source, layout: detectLayout(source, '\t'), sites, names, imports, importDecls, identifiers };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function duration(ms: number, time: string): string {
  return ms % 1000 === 0 ? `${ms / 1000} * ${time}.Second` : `${ms} * ${time}.Millisecond`;
}

function timeName(a: GoAnalysis): string {
  return a.names.time ?? 'time';
}

function netName(a: GoAnalysis): string {
  return a.names.net ?? 'net';
}

/** Edits adding `import "<path>"` unless the file imports it already. */
function ensureImport(a: GoAnalysis, path: string): TextEdit[] {
  if (a.imports.some((i) => i.path === path)) return [];
  const { source, layout } = a;
  const quoted = `"${path}"`;
  const grouped = a.importDecls.find((d) => d.namedChildren.some((c) => c?.type === 'import_spec_list'));
  if (grouped) {
    const list = grouped.namedChildren.find((c) => c?.type === 'import_spec_list')!;
    const specs = list.namedChildren.filter((c): c is Node => c?.type === 'import_spec');
    // The standard library group: paths whose first element has no dot.
    const std = specs.filter((s) => !(stringValue(s.childForFieldName('path')) ?? '.').split('/')[0]!.includes('.'));
    const before = std.find((s) => (stringValue(s.childForFieldName('path')) ?? '') > path);
    if (before) {
      const at = before.startIndex - lineIndent(source, before.startIndex).length;
      return [importEdit({ start: at, end: at, newText: lineIndent(source, before.startIndex) + quoted + layout.eol })];
    }
    const lastStd = std.at(-1) ?? specs.at(-1);
    if (lastStd) return [importEdit({ start: lastStd.endIndex, end: lastStd.endIndex, newText: layout.eol + lineIndent(source, lastStd.startIndex) + quoted })];
    const close = list.lastChild!;
    return [{ start: close.startIndex, end: close.startIndex, newText: `${layout.unit}${quoted}${layout.eol}` }];
  }
  const last = a.importDecls.at(-1);
  if (!last) return [];
  return [importEdit({ start: last.endIndex, end: last.endIndex, newText: `${layout.eol}import ${quoted}` })];
}

/** Fields of a composite literal body, by key. */
function keyedFields(body: Node): Map<string, { element: Node; value: Node }> {
  const out = new Map<string, { element: Node; value: Node }>();
  for (const el of body.namedChildren) {
    if (el?.type !== 'keyed_element') continue;
    const key = el.namedChild(0);
    const value = el.namedChild(1);
    if (key && value) out.set(key.text, { element: el, value: value.type === 'literal_element' && value.namedChild(0) ? value.namedChild(0)! : value });
  }
  return out;
}

interface FieldSetting {
  field: string;
  value: string;
  /** Set only when the field is absent (e.g. DialContext: the user's own dialer is kept). */
  ifAbsent?: boolean;
  imports: string[];
}

/** Sets fields in a composite literal, replacing a differing value, adding a missing field. */
function setLiteralFields(a: GoAnalysis, literal: Node, settings: FieldSetting[]): TextEdit[] {
  const body = literal.childForFieldName('body');
  if (!body) return [];
  const existing = keyedFields(body);
  const edits: TextEdit[] = [];
  const missing: FieldSetting[] = [];
  for (const s of settings) {
    const cur = existing.get(s.field);
    if (cur) {
      if (!s.ifAbsent && cur.value.text !== s.value) edits.push({ start: cur.value.startIndex, end: cur.value.endIndex, newText: s.value });
    } else missing.push(s);
  }
  if (missing.length > 0) {
    const items = body.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const shape = { openEnd: body.firstChild!.endIndex, closeStart: body.lastChild!.startIndex, items };
    // Several missing fields become one inserted run, so that the edits never interleave.
    const multiline = a.source.slice(shape.openEnd, shape.closeStart).includes('\n');
    const indent = items[0] ? lineIndent(a.source, items[0].startIndex) : lineIndent(a.source, shape.closeStart) + a.layout.unit;
    const aligned = multiline ? alignedRun(a, items, shape.closeStart, missing) : { width: 0, edits: [] };
    edits.push(...aligned.edits);
    const field = (s: FieldSetting): string => `${s.field}:${' '.repeat(Math.max(1, aligned.width - s.field.length + 1))}${s.value}`;
    const joined = missing.map(field).join(multiline ? `,${a.layout.eol}${indent}` : ', ');
    edits.push(...insertListItem(a.source, shape, joined, a.layout, { requireTrailingComma: true, pad: '' }));
  }
  if (edits.length > 0) for (const s of settings) for (const p of s.imports) edits.push(...ensureImport(a, p));
  return edits;
}

/**
 * gofmt aligns the values of consecutive one-line `Key: value` lines. For fields added on new lines
 * right after such a run, this returns the key width to pad to and the edits that re-pad the run
 * when a new key is longer, so that the file stays as gofmt would print it.
 */
function alignedRun(a: GoAnalysis, items: Node[], closeStart: number, added: FieldSetting[]): { width: number; edits: TextEdit[] } {
  const none = { width: 0, edits: [] };
  const last = items.at(-1);
  if (!last || added.some((f) => f.value.includes('\n'))) return none;
  // The new lines go just before the closing brace: they join the run only if they follow it directly.
  if (positionAt(a.source, closeStart).line !== last.endPosition.row + 1) return none;
  const run: { key: Node; value: Node }[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const el = items[i]!;
    const next = items[i + 1];
    const startsLine = lineStart(a.source, el.startIndex) + lineIndent(a.source, el.startIndex).length === el.startIndex;
    if (el.type !== 'keyed_element' || el.startPosition.row !== el.endPosition.row || !startsLine) break;
    if (next && next.startPosition.row !== el.endPosition.row + 1) break;
    const key = el.namedChild(0);
    const value = el.namedChild(1);
    if (!key || !value || a.source[key.endIndex] !== ':') break;
    run.unshift({ key, value });
  }
  const width = Math.max(...run.map((r) => r.key.text.length), ...added.map((f) => f.field.length));
  const edits: TextEdit[] = [];
  for (const { key, value } of run) {
    const gap = a.source.slice(key.endIndex + 1, value.startIndex);
    const want = ' '.repeat(width - key.text.length + 1);
    if (gap !== want && /^[ \t]*$/.test(gap)) edits.push({ start: key.endIndex + 1, end: value.startIndex, newText: want });
  }
  return { width, edits };
}

/** The statement holding a Clone() call and the variable it is assigned to. */
function cloneBinding(call: Node): { stmt: Node; name: string } | null {
  const list = call.parent;
  if (list?.type !== 'expression_list') return null;
  const stmt = list.parent;
  if (!stmt) return null;
  if (stmt.type === 'short_var_declaration' || stmt.type === 'assignment_statement') {
    const left = stmt.childForFieldName('left');
    const name = left?.namedChild(0);
    if (name?.type !== 'identifier' || left!.namedChildCount !== 1) return null;
    return stmt.parent?.type === 'statement_list' ? { stmt, name: name.text } : null;
  }
  if (stmt.type === 'var_spec') {
    const name = stmt.childForFieldName('name');
    const decl = stmt.parent?.type === 'var_declaration' ? stmt.parent : stmt.parent?.parent;
    if (name?.type !== 'identifier' || decl?.type !== 'var_declaration' || decl.parent?.type !== 'statement_list') return null;
    return { stmt: decl, name: name.text };
  }
  return null;
}

/** Sets `name.Field = value` after the clone statement, or updates an existing assignment. */
function setCloneFields(a: GoAnalysis, call: Node, settings: FieldSetting[]): SitePlan {
  const binding = cloneBinding(call);
  if (!binding) return skip('the cloned transport is not assigned to a variable inside a function, so there is no place to set its fields');
  const assigned = new Map<string, Node>();
  for (let s = binding.stmt.nextNamedSibling; s; s = s.nextNamedSibling) {
    if (s.type !== 'assignment_statement') continue;
    const left = s.childForFieldName('left');
    const target = left?.namedChild(0);
    if (left?.namedChildCount !== 1 || target?.type !== 'selector_expression' || target.childForFieldName('operand')?.text !== binding.name) continue;
    const value = s.childForFieldName('right')?.namedChild(0);
    const field = target.childForFieldName('field')?.text;
    if (field && value) assigned.set(field, value);
  }
  const edits: TextEdit[] = [];
  const lines: string[] = [];
  for (const s of settings) {
    const cur = assigned.get(s.field);
    if (cur) {
      if (!s.ifAbsent && cur.text !== s.value) edits.push({ start: cur.startIndex, end: cur.endIndex, newText: s.value });
    } else lines.push(`${binding.name}.${s.field} = ${s.value}`);
  }
  if (lines.length > 0) edits.push(insertAfterStatement(a.source, binding.stmt, lines, a.layout));
  if (edits.length > 0) for (const s of settings) for (const p of s.imports) edits.push(...ensureImport(a, p));
  return plan(edits);
}

/** A function literal that returns a configured copy of http.DefaultTransport. */
function cloneLiteral(a: GoAnalysis, settings: FieldSetting[], indent: string): string {
  const http = a.names.http!;
  const lines = [
    `func() *${http}.Transport {`,
    `${a.layout.unit}t := ${http}.DefaultTransport.(*${http}.Transport).Clone()`,
    ...settings.map((s) => `${a.layout.unit}t.${s.field} = ${s.value}`),
    `${a.layout.unit}return t`,
    '}()',
  ];
  return indentLines(lines, indent, a.layout.eol);
}

// ---------------------------------------------------------------------------------------------
// What each fix sets where

interface GoSettings {
  transport: FieldSetting[];
  client: FieldSetting[];
  dialer: FieldSetting[];
}

function settingsFor(fix: FixId, a: GoAnalysis, p: ResolvedParams): GoSettings {
  const t = timeName(a);
  const dial = (timeoutMs: number, keepAliveMs: number): FieldSetting => ({
    field: 'DialContext',
    value: `(&${netName(a)}.Dialer{Timeout: ${duration(timeoutMs, t)}, KeepAlive: ${duration(keepAliveMs, t)}}).DialContext`,
    ifAbsent: true,
    imports: ['net', 'time'],
  });
  switch (fix) {
    case 'keepalive-idle':
      return { transport: [{ field: 'IdleConnTimeout', value: duration(p.clientIdleMs, t), imports: ['time'] }], client: [], dialer: [] };
    case 'disable-keepalive':
      return { transport: [{ field: 'DisableKeepAlives', value: 'true', imports: [] }], client: [], dialer: [] };
    case 'timeouts':
      return {
        // Go's default dialer keeps TCP keep-alive probes at 30 s; the new dialer keeps that.
        transport: [dial(p.connectTimeoutMs, 30_000)],
        // Existing timeouts are the user's choice (often stricter) and stay.
        client: [{ field: 'Timeout', value: duration(p.totalTimeoutMs, t), ifAbsent: true, imports: ['time'] }],
        dialer: [{ field: 'Timeout', value: duration(p.connectTimeoutMs, t), ifAbsent: true, imports: ['time'] }],
      };
    case 'tcp-keepalive':
      return {
        transport: [dial(30_000, p.tcpKeepAliveMs)],
        client: [],
        dialer: [{ field: 'KeepAlive', value: duration(p.tcpKeepAliveMs, t), imports: ['time'] }],
      };
    default:
      return { transport: [], client: [], dialer: [] };
  }
}

/** Transport-valued expressions another site already stands for. */
function transportHandledElsewhere(value: Node, a: GoAnalysis): boolean {
  const inner = value.type === 'unary_expression' ? value.childForFieldName('operand') : value;
  if (inner?.type === 'composite_literal' && isQualified(inner.childForFieldName('type'), a.names.http, 'Transport')) return true;
  return a.sites.some((s) => s.kind === 'clone' && s.node.startIndex >= value.startIndex && s.node.endIndex <= value.endIndex);
}

function planAt(a: GoAnalysis, i: number, fix: FixId, p: ResolvedParams): SitePlan {
  const gs = a.sites[i];
  if (!gs) return skip(`no site ${i}`);
  const s = settingsFor(fix, a, p);
  switch (gs.kind) {
    case 'transport':
      return s.transport.length > 0 ? plan(setLiteralFields(a, gs.node, s.transport)) : skip('nothing to set on a transport for this fix');
    case 'clone':
      return s.transport.length > 0 ? setCloneFields(a, gs.node, s.transport) : skip('nothing to set on a transport for this fix');
    case 'dialer':
      return s.dialer.length > 0 ? plan(setLiteralFields(a, gs.node, s.dialer)) : skip('nothing to set on a dialer for this fix');
    case 'client': {
      const body = gs.node.childForFieldName('body');
      const transport = body ? keyedFields(body).get('Transport') : undefined;
      const edits = s.client.length > 0 ? setLiteralFields(a, gs.node, s.client) : [];
      // Connect timeouts ride on the overall Timeout when the client has no transport of its own.
      const needsTransport = fix === 'keepalive-idle' || fix === 'disable-keepalive' || fix === 'tcp-keepalive';
      if (needsTransport) {
        if (transport) {
          if (!transportHandledElsewhere(transport.value, a)) {
            return edits.length > 0 ? plan(edits) : skip(`this client's Transport is \`${transport.value.text}\`; apply the fix where that transport is built`);
          }
        } else {
          const indent = lineIndent(a.source, gs.node.startIndex) + (a.source.slice(gs.node.startIndex, gs.node.endIndex).includes('\n') ? a.layout.unit : '');
          const value = cloneLiteral(a, s.transport, indent);
          edits.push(...setLiteralFields(a, gs.node, [{ field: 'Transport', value, imports: s.transport.flatMap((x) => x.imports) }]));
        }
      }
      return edits.length > 0 ? plan(edits) : transport || s.client.length > 0 ? satisfied : skip('nothing to set on this client');
    }
    case 'default-call':
      return planDefaultCall(a, gs, fix, s);
  }
}

/**
 * A call on http.DefaultClient becomes a call on a package-level client configured for the fix;
 * http.DefaultClient itself is shared with every library in the program, so it is left alone.
 */
function planDefaultCall(a: GoAnalysis, gs: GoSite, fix: FixId, s: GoSettings): SitePlan {
  if (s.transport.length === 0 && s.client.length === 0) return skip('nothing to set for this fix');
  const lastImport = a.importDecls.at(-1);
  if (!lastImport) return skip('the file has no import declaration to place a client after');
  const name = freshName('httpClient', a.identifiers);
  const { eol, unit } = a.layout;
  const http = a.names.http!;
  const fields = s.client.map((f) => `${unit}${f.field}: ${f.value},`);
  if (fix !== 'timeouts') fields.push(`${unit}Transport: ${cloneLiteral(a, s.transport, unit)},`);
  const why = fix === 'keepalive-idle' ? 'retires idle connections before the server closes them'
    : fix === 'disable-keepalive' ? 'opens a fresh connection for every request'
      : fix === 'timeouts' ? 'bounds every request in time' : 'sends TCP keep-alive probes on idle connections';
  const decl = [`// ${name} replaces http.DefaultClient here: it ${why}.`, `var ${name} = &${http}.Client{`, ...fields, '}'].join(eol);
  const operand = gs.node.childForFieldName('function')!.childForFieldName('operand')!;
  const edits: TextEdit[] = [
    { start: lastImport.endIndex, end: lastImport.endIndex, newText: eol + eol + decl },
    { start: operand.startIndex, end: operand.endIndex, newText: name },
  ];
  for (const f of [...s.client, ...(fix !== 'timeouts' ? s.transport : [])]) for (const p of f.imports) edits.push(...ensureImport(a, p));
  return plan(edits);
}

function fixesAt(a: GoAnalysis, i: number): FixId[] {
  switch (a.sites[i]?.kind) {
    case 'transport':
    case 'clone':
    case 'default-call':
    case 'client':
      return ['keepalive-idle', 'disable-keepalive', 'timeouts', 'tcp-keepalive'];
    case 'dialer':
      return ['timeouts', 'tcp-keepalive'];
    default:
      return [];
  }
}

function where(a: GoAnalysis, i: number): string {
  const k = a.sites[i]?.kind;
  return k === 'default-call' ? 'a dedicated client' : k === 'client' ? 'this client' : k === 'dialer' ? 'this dialer' : 'this transport';
}

function title(fix: FixId, a: GoAnalysis, i: number, p: ResolvedParams): string {
  const server = p.serverIdleMs !== null ? `server closes idle connections after ${seconds(p.serverIdleMs)}` : `no probe: assumes a ${seconds(p.assumedServerIdleMs)} server idle timeout`;
  switch (fix) {
    case 'keepalive-idle':
      return `Set IdleConnTimeout to ${formatMs(p.clientIdleMs)} on ${where(a, i)} (${server})`;
    case 'disable-keepalive':
      return `Set DisableKeepAlives on ${where(a, i)}`;
    case 'timeouts':
      return a.sites[i]?.kind === 'dialer' || a.sites[i]?.kind === 'transport' || a.sites[i]?.kind === 'clone'
        ? `Set a ${formatMs(p.connectTimeoutMs)} connect timeout on ${where(a, i)}`
        : `Bound requests to ${formatMs(p.totalTimeoutMs)} on ${where(a, i)}`;
    case 'tcp-keepalive':
      return `Send TCP keep-alive probes every ${formatMs(p.tcpKeepAliveMs)} on ${where(a, i)}`;
    default:
      return fix;
  }
}

function description(fix: FixId, _a: GoAnalysis, _i: number, p: ResolvedParams): string {
  switch (fix) {
    case 'keepalive-idle':
      return `The transport drops a pooled connection after ${formatMs(p.clientIdleMs)} idle: ${p.idleReason}. Reusing a connection the server is closing fails with EOF or "connection reset by peer".`;
    case 'disable-keepalive':
      return 'Every request opens its own connection, so none is ever reused after the server closed it; this costs a TCP (and TLS) handshake per request.';
    case 'timeouts':
      return `Connecting may take at most ${formatMs(p.connectTimeoutMs)} and a whole request ${formatMs(p.totalTimeoutMs)}; without them a silent peer blocks the caller indefinitely.`;
    case 'tcp-keepalive':
      return `TCP keep-alive probes every ${formatMs(p.tcpKeepAliveMs)} keep a middlebox (NAT, load balancer, firewall) from forgetting an idle connection and resetting it later.`;
    default:
      return '';
  }
}

function unsupported(fix: FixId): string | null {
  if (fix === 'retry-idempotent') {
    return 'Go\'s http.Transport already retries a request that failed on a reused connection before any response byte arrived, when the request is idempotent or carries an Idempotency-Key header; a blanket retry wrapper would add nothing safe';
  }
  if (fix === 'expect-header') return 'Go\'s client sends "Expect: 100-continue" only when a request sets it explicitly';
  return null;
}

export const go: LanguageModule<GoAnalysis> = {
  analyze,
  sites: (a) => a.sites.map((s) => s.site),
  fixesAt,
  planAt,
  title,
  description,
  unsupported,
};
