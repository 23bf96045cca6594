// The panel's renderer (dist/webview.js, built from src/webview/main.ts) in headless Chromium, fed
// hostile panel states: no element, attribute, script, image or request may come from the text.
// The page has no CSP on purpose, so that a payload that became markup would also run and show.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getCause, rankCauses, retrySafety } from '../../src/core/causes';
import { detect } from '../../src/core/detect';
import { clip } from '../../src/core/editor/markdown';
import { buildDetail, endpointLabel } from '../../src/core/panel-model';
import type { PanelCause, PanelOccurrence, PanelProbe, PanelState } from '../../src/core/panel-protocol';
import { redactText } from '../../src/core/redact';
import { hostileCorpus, INJECTIONS, INVISIBLES, ESCAPES } from './hostile';

const ROOT = resolve(__dirname, '../..');
const BUNDLE = join(ROOT, 'dist/webview.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** What the renderer may create; everything else would have come from the text. */
const TAGS = new Set(['SECTION', 'H2', 'H3', 'UL', 'OL', 'LI', 'SPAN', 'DIV', 'P', 'DL', 'DT', 'DD', 'STRONG', 'METER', 'DETAILS', 'SUMMARY', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BUTTON', 'A']);
const ATTRS = new Set(['class', 'id', 'role', 'tabindex', 'type', 'min', 'max', 'value', 'href', 'data-id', 'aria-labelledby', 'aria-label', 'aria-selected']);

/** The DOM members the page-side code uses (the tests' tsconfig has no DOM lib). */
interface El {
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  getAttributeNames(): string[];
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  append(child: El): void;
  remove(): void;
}
interface PageGlobals {
  document: { getElementById(id: string): El | null; createElement(tag: string): El; body: El };
  postMessage(message: unknown, targetOrigin: string): void;
  __posted: { type: string }[];
  __pwned?: unknown;
  acquireVsCodeApi: () => unknown;
}

interface DomReport {
  tags: string[];
  attrs: string[];
  hrefs: string[];
  texts: string[];
  pwned: unknown;
  rendered: number;
}

const payload = (i: number): string => `${INJECTIONS[i % INJECTIONS.length]!}${INVISIBLES[i % INVISIBLES.length]!}${ESCAPES[i % ESCAPES.length]!}`;

function hostileCause(i: number): PanelCause {
  return {
    id: `keepalive-idle-race${payload(i)}`,
    title: payload(i + 1),
    confidence: i % 3 === 0 ? Number.NaN : i % 3 === 1 ? 7 : -1,
    evidence: [payload(i + 2), payload(i + 3)],
    summary: payload(i + 4),
    mechanism: payload(i + 5),
    nextSteps: [payload(i + 6)],
    citations: [
      { title: payload(i + 7), url: 'javascript:window.__pwned=1' },
      { title: 'ok', url: 'https://example.com/doc' },
      { title: payload(i + 8), url: ' https://evil.example/' },
      { title: 'data', url: 'data:text/html,<script>window.__pwned=1</script>' },
    ],
  };
}

function hostileProbe(i: number): PanelProbe {
  return {
    url: `http://127.0.0.1:1/${payload(i)}`,
    finishedAt: payload(i + 1),
    phases: [{ name: payload(i + 2), ms: i % 2 ? null : Number.POSITIVE_INFINITY, ok: false, detail: payload(i + 3) }],
    keepAlive: [payload(i + 4)],
    error: payload(i + 5),
    verdict: [hostileCause(i + 6)],
    recommendations: [payload(i + 7)],
  };
}

/** Panel states from the hostile corpus, as the panel view would build them, plus hand-made worst cases. */
function hostileStates(): PanelState[] {
  const lines = hostileCorpus(7, 1500, 0).lines;
  const findings = detect(lines.join('\n'));
  const states: PanelState[] = [];
  for (let k = 0; k < 12; k++) {
    const group = findings.slice(k * 40, k * 40 + 40);
    const occurrences: PanelOccurrence[] = group.map((f, i) => ({
      id: `o${k}-${i}${i % 5 === 0 ? payload(i) : ''}`,
      seenAt: i % 7 === 0 ? payload(i) : new Date(Date.UTC(2026, 10, 21, 5, i)).toISOString(),
      source: i % 3 === 0 ? payload(i) : `app.log:${f.line}`,
      errorClass: i % 4 === 0 ? payload(i + 1) : f.class,
      runtime: f.runtime,
      text: clip(redactText(f.text), 2000),
      endpoint: i % 6 === 0 ? payload(i + 2) : endpointLabel(f),
      count: i % 9 === 0 ? Number.NaN : i + 1,
    }));
    const sel = group[0];
    const detail = sel
      ? {
        ...buildDetail({ occurrenceId: occurrences[0]!.id, finding: sel, causes: rankCauses([sel]), retry: retrySafety(sel.method), probe: null, getCause, canFix: true }),
        probe: hostileProbe(k),
      }
      : null;
    if (detail) {
      detail.causes.push(hostileCause(k));
      detail.facts.push({ label: payload(k), value: payload(k + 1) });
      detail.headline = `${detail.headline}${payload(k + 2)}`;
    }
    states.push({ occurrences, selectedId: occurrences[0]?.id ?? null, detail, busy: k % 2 ? payload(k + 3) : null });
  }
  return states;
}

describe('webview renderer in headless Chromium, hostile panel states', { skip: !existsSync(CHROMIUM) || !existsSync(BUNDLE) ? `needs ${CHROMIUM} and ${BUNDLE} (npm run build)` : false }, () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND'],
    });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><body><div id="app"></div></body></html>');
    // The stand-in for VS Code's webview API: records what the panel posts back.
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.__posted = [];
      let state: unknown = null;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: { type: string }) => w.__posted.push(m),
        getState: () => state,
        setState: (s: unknown) => (state = s),
      });
    });
    await page.addScriptTag({ path: BUNDLE });
  });

  after(async () => {
    await browser?.close();
  });

  async function render(state: unknown): Promise<DomReport> {
    return page.evaluate(async (s) => {
      const w = globalThis as unknown as PageGlobals;
      const before = w.__posted.filter((m) => m.type === 'rendered').length;
      w.postMessage({ type: 'state', state: s }, '*');
      // A message event is delivered on a later task; two rounds of the loop are plenty.
      for (let i = 0; i < 50 && w.__posted.filter((m) => m.type === 'rendered').length === before; i++) await new Promise((r) => setTimeout(r, 10));
      const app = w.document.getElementById('app')!;
      const els = Array.from(app.querySelectorAll('*'));
      return {
        tags: [...new Set(els.map((e) => e.tagName))],
        attrs: [...new Set(els.flatMap((e) => e.getAttributeNames()))],
        hrefs: els.filter((e) => e.hasAttribute('href')).map((e) => e.getAttribute('href') ?? ''),
        texts: Array.from(app.querySelectorAll('.occ-text')).map((e) => e.textContent ?? ''),
        pwned: w.__pwned,
        rendered: w.__posted.filter((m) => m.type === 'rendered').length - before,
      };
    }, state);
  }

  it('renders every hostile state as text: known tags and attributes only, https links from citations only', async () => {
    const states = hostileStates();
    assert.ok(states.length > 5);
    let elements = 0;
    for (const s of states) {
      const dom = await render(s);
      assert.equal(dom.rendered, 1, 'a valid state renders once');
      assert.deepEqual(dom.tags.filter((t) => !TAGS.has(t)), [], 'elements that the renderer does not make');
      assert.deepEqual(dom.attrs.filter((a) => !ATTRS.has(a)), [], 'attributes that the renderer does not set');
      assert.deepEqual(dom.hrefs.filter((h) => h !== 'https://example.com/doc' && !/^https:\/\/[a-z0-9.-]+\//i.test(h)), [], 'links other than https citations');
      assert.ok(!dom.hrefs.some((h) => h.includes('evil.example')), 'a citation with leading space became a link');
      assert.equal(dom.pwned, undefined, 'a payload ran');
      // The log text is on screen exactly as it was sent: plain data, not parsed.
      // (The list is grouped by endpoint, so compare as multisets.)
      assert.deepEqual([...dom.texts].sort(), s.occurrences.map((o) => o.text).sort());
      elements += dom.tags.length;
    }
    assert.ok(elements > 0);
    assert.deepEqual(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:')), [], 'the page made network requests');
  });

  it('control: the same checks see markup that does come from text (innerHTML in this page)', async () => {
    const seen = await page.evaluate(async () => {
      const w = globalThis as unknown as PageGlobals;
      const probe = w.document.createElement('div');
      probe.innerHTML = '<img src=x onerror="window.__pwned=1"><b>x</b>';
      w.document.body.append(probe);
      for (let i = 0; i < 50 && w.__pwned === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      const out = { tags: Array.from(probe.querySelectorAll('*'), (e) => e.tagName), pwned: w.__pwned };
      probe.remove();
      delete w.__pwned;
      return out;
    });
    assert.deepEqual(seen.tags, ['IMG', 'B']);
    assert.equal(seen.pwned, 1);
  });

  it('ignores malformed states without rendering', async () => {
    const bad: unknown[] = [null, 'x', { occurrences: 'no' }, { occurrences: [{ id: 1 }], selectedId: null, detail: null, busy: null }];
    for (const b of bad) {
      const dom = await render(b);
      assert.equal(dom.rendered, 0);
      assert.equal(dom.pwned, undefined);
    }
  });
});
