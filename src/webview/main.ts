import {
  isHostMessage,
  type PanelCause,
  type PanelDetail,
  type PanelOccurrence,
  type PanelProbe,
  type PanelState,
  type WebviewMessage,
} from '../core/panel-protocol';

interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');

/** Every string from the host is set with textContent: log text never becomes markup. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function button(label: string, message: WebviewMessage, primary = false): HTMLButtonElement {
  const b = el('button', { type: 'button', class: primary ? 'primary' : 'secondary' }, label);
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

function percent(n: number): string {
  return `${Math.round(Math.max(0, Math.min(1, n)) * 100)}%`;
}

function renderOccurrences(state: PanelState): HTMLElement {
  const section = el('section', { 'aria-labelledby': 'occ-h' }, el('h2', { id: 'occ-h' }, `Occurrences (${state.occurrences.length})`));
  if (state.occurrences.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No network errors seen yet. They appear here when a terminal, the debug console, a log file or the Output panel shows one.'));
    return section;
  }
  const groups = new Map<string, PanelOccurrence[]>();
  for (const o of state.occurrences) {
    const g = groups.get(o.endpoint) ?? [];
    g.push(o);
    groups.set(o.endpoint, g);
  }
  for (const [endpoint, list] of groups) {
    const ul = el('ul', { class: 'occurrences', role: 'listbox', 'aria-label': `Occurrences for ${endpoint}` });
    for (const o of list) {
      const selected = o.id === state.selectedId;
      const item = el(
        'li',
        { role: 'option', tabindex: selected ? '0' : '-1', 'aria-selected': String(selected), class: selected ? 'occ selected' : 'occ', 'data-id': o.id },
        el('span', { class: 'badge' }, o.errorClass),
        ' ',
        el('span', { class: 'runtime' }, o.runtime),
        o.count > 1 ? el('span', { class: 'count' }, ` ×${o.count}`) : '',
        el('div', { class: 'occ-text' }, o.text),
        el('div', { class: 'muted small' }, `${o.source} · ${new Date(o.seenAt).toLocaleTimeString()}`),
      );
      item.addEventListener('click', () => select(o.id));
      item.addEventListener('keydown', (ev) => onListKey(ev, o.id));
      ul.append(item);
    }
    section.append(el('h3', {}, endpoint), ul);
  }
  return section;
}

function onListKey(ev: KeyboardEvent, id: string): void {
  const items = Array.from(document.querySelectorAll<HTMLElement>('li.occ'));
  const i = items.findIndex((x) => x.dataset.id === id);
  let next: HTMLElement | undefined;
  if (ev.key === 'ArrowDown') next = items[i + 1];
  else if (ev.key === 'ArrowUp') next = items[i - 1];
  else if (ev.key === 'Home') next = items[0];
  else if (ev.key === 'End') next = items[items.length - 1];
  else if (ev.key === 'Enter' || ev.key === ' ') {
    ev.preventDefault();
    select(id);
    return;
  }
  if (next) {
    ev.preventDefault();
    for (const x of items) x.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}

function renderCause(c: PanelCause): HTMLElement {
  const li = el('li', { class: 'cause' });
  const meter = el('meter', { min: '0', max: '1', value: String(c.confidence), 'aria-label': `confidence ${percent(c.confidence)}` });
  li.append(el('div', { class: 'cause-head' }, el('strong', {}, c.title), ' ', meter, el('span', { class: 'muted' }, ` ${percent(c.confidence)}`)));
  li.append(el('p', {}, c.summary));
  if (c.evidence.length) {
    li.append(el('div', { class: 'label' }, 'Evidence'), el('ul', {}, ...c.evidence.map((e) => el('li', {}, e))));
  }
  const more = el('details', {}, el('summary', {}, 'How it happens, what to check next'));
  more.append(el('p', {}, c.mechanism));
  if (c.nextSteps.length) more.append(el('div', { class: 'label' }, 'Check next'), el('ul', {}, ...c.nextSteps.map((s) => el('li', {}, s))));
  if (c.citations.length) {
    more.append(
      el('div', { class: 'label' }, 'References'),
      el('ul', {}, ...c.citations.map((r) => el('li', {}, /^https:\/\//.test(r.url) ? el('a', { href: r.url }, r.title) : r.title))),
    );
  }
  li.append(more);
  return li;
}

function renderProbe(p: PanelProbe): HTMLElement {
  const s = el('section', { 'aria-labelledby': 'probe-h', class: 'probe' }, el('h3', { id: 'probe-h' }, `Probe of ${p.url}`));
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Phase'), el('th', {}, 'Time'), el('th', {}, 'Result'))));
  const body = el('tbody');
  for (const ph of p.phases) {
    body.append(el('tr', { class: ph.ok ? '' : 'failed' }, el('td', {}, ph.name), el('td', {}, ph.ms === null ? '—' : `${ph.ms.toFixed(1)} ms`), el('td', {}, ph.detail)));
  }
  table.append(body);
  s.append(table);
  if (p.error) s.append(el('p', { class: 'error' }, p.error));
  if (p.keepAlive.length) s.append(el('div', { class: 'label' }, 'Keep-alive'), el('ul', {}, ...p.keepAlive.map((k) => el('li', {}, k))));
  if (p.verdict.length) {
    s.append(el('div', { class: 'label' }, 'Verdict'), el('ol', { class: 'causes' }, ...p.verdict.map((c) => renderCause(c))));
  }
  if (p.recommendations.length) s.append(el('div', { class: 'label' }, 'Recommended'), el('ul', {}, ...p.recommendations.map((r) => el('li', {}, r))));
  return s;
}

function renderDetail(d: PanelDetail, busy: string | null): HTMLElement {
  const s = el('section', { 'aria-labelledby': 'detail-h', class: 'detail' }, el('h2', { id: 'detail-h' }, d.headline));
  const dl = el('dl');
  for (const f of d.facts) dl.append(el('dt', {}, f.label), el('dd', {}, f.value));
  s.append(dl);
  const actions = el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' });
  if (d.canProbe) actions.append(button('Probe endpoint', { type: 'probe', id: d.occurrenceId }, true));
  if (d.canFix) actions.append(button('Insert fix', { type: 'insertFix', id: d.occurrenceId }));
  actions.append(button('Copy as Markdown', { type: 'copyMarkdown', id: d.occurrenceId }));
  s.append(actions);
  if (busy) s.append(el('p', { class: 'busy', role: 'status' }, busy));
  s.append(el('h3', {}, 'Likely causes'));
  if (d.causes.length) s.append(el('ol', { class: 'causes' }, ...d.causes.map((c) => renderCause(c))));
  else s.append(el('p', { class: 'muted' }, 'No cause stands out from this text alone; a probe of the endpoint can tell more.'));
  if (d.probe) s.append(renderProbe(d.probe));
  s.append(el('h3', {}, 'Retry safety'), el('p', { class: `retry ${d.retry.verdict}` }, el('strong', {}, `${d.retry.verdict}. `), d.retry.reason));
  return s;
}

let current: PanelState | null = null;

function render(state: PanelState): void {
  current = state;
  if (!app) return;
  const children: HTMLElement[] = [];
  if (state.detail) children.push(renderDetail(state.detail, state.busy));
  else if (state.busy) children.push(el('p', { class: 'busy', role: 'status' }, state.busy));
  children.push(renderOccurrences(state));
  app.replaceChildren(...children);
  vscode.setState({ selectedId: state.selectedId });
  vscode.postMessage({
    type: 'rendered',
    occurrences: document.querySelectorAll('li.occ').length,
    selectedId: state.selectedId,
    // Counted inside our root only: the webview host adds elements of its own around it.
    images: app.querySelectorAll('img').length,
    scripts: app.querySelectorAll('script, iframe, object, embed, [onerror], [onload], [href^="javascript:"]').length,
  });
}

function select(id: string): void {
  vscode.postMessage({ type: 'select', id });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isHostMessage(msg)) return;
  if (msg.type === 'state') render(msg.state);
});

// Restore the last selection after the view was hidden and shown again.
const saved = vscode.getState();
if (app) app.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
vscode.postMessage({ type: 'ready' });
if (typeof saved === 'object' && saved !== null && 'selectedId' in saved && typeof saved.selectedId === 'string' && current === null) {
  select(saved.selectedId);
}
