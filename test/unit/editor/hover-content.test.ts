import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildHover, findingAtLine, firstSentence, type LineReader } from '../../../src/core/editor/hover-content';
import { detect } from '../../../src/core/detect';

const commands = { explain: 'connectionDoctor.explainOccurrence', probe: 'connectionDoctor.probeEndpoint', insertFix: 'connectionDoctor.insertFix' };

function reader(lines: string[]): LineReader & { reads: number } {
  const r = { reads: 0, lineCount: lines.length, lineAt: (i: number) => (r.reads++, lines[i] ?? '') };
  return r;
}

const NODE_DUMP = [
  '2026-11-20T10:03:00.777Z ERROR billing: request failed Error: read ECONNRESET',
  '    at TCP.onStreamRead (node:internal/stream_base_commons:218:20) {',
  '  errno: -104,',
  "  code: 'ECONNRESET',",
  "  syscall: 'read'",
  '}',
];

describe('findingAtLine', () => {
  it('finds a trace when a frame below its first line is hovered, reading only a window', () => {
    const lines = [...Array.from({ length: 5000 }, (_, i) => `INFO line ${i}`), ...NODE_DUMP, ...Array.from({ length: 5000 }, (_, i) => `INFO after ${i}`)];
    const doc = reader(lines);
    const f = findingAtLine(doc, 5002);
    assert.ok(f);
    assert.equal(f.line, 5001);
    assert.equal(f.class, 'reset');
    assert.ok(doc.reads <= 13, `${doc.reads} lines read`);
    assert.equal(findingAtLine(doc, 10), null);
  });
});

describe('buildHover', () => {
  const post = detect('Post "http://10.0.0.9:9000/orders": read tcp 10.0.0.5:51234->10.0.0.9:9000: read: connection reset by peer')[0];

  it('shows class, runtime, ranked causes in two lines, the retry verdict and our command links', () => {
    assert.ok(post);
    const h = buildHover(post, commands, { id: 1 });
    assert.match(h.markdown, /\*\*Connection reset by peer\*\*/);
    assert.match(h.markdown, /go/);
    assert.match(h.markdown, /Likely causes:/);
    assert.match(h.markdown, /^1\. \*\*.+\*\* \(\d+%\): .+ {2}\n {3}\S/m, 'a cause spans two lines');
    assert.match(h.markdown, /Retry: \*\*not safe to retry automatically\*\*/);
    assert.match(h.markdown, /\[Probe endpoint\]\(command:connectionDoctor\.probeEndpoint\?/);
    assert.match(h.markdown, /\[Insert fix\]\(command:connectionDoctor\.insertFix\?/);
    assert.deepEqual(h.commands.sort(), Object.values(commands).sort());
    for (const m of h.markdown.matchAll(/\]\(command:([^?]+)\?/g)) assert.ok(h.commands.includes(m[1] ?? ''), m[1]);
  });

  it('escapes what came from the log', () => {
    const hostile = detect('2026-01-01 ERROR GET http://evil.test/a_b*c*[x](command:workbench.action.quit) failed: read ECONNRESET <img src=x onerror=alert(1)>')[0];
    assert.ok(hostile);
    assert.ok(hostile.endpoint?.url?.includes('*'), 'the endpoint carries Markdown syntax');
    const h = buildHover(hostile, commands, {});
    assert.match(h.markdown, /evil\\\.test\\\/a\\_b\\\*c\\\*\\\[x\\\]/);
    assert.doesNotMatch(h.markdown, /<img/);
    assert.doesNotMatch(h.markdown, /\]\(command:workbench/);
  });

  it('offers no probe link without an endpoint', () => {
    const f = detect('Error: read ECONNRESET')[0];
    assert.ok(f);
    const h = buildHover(f, commands, {});
    assert.doesNotMatch(h.markdown, /Probe endpoint/);
    assert.ok(!h.commands.includes(commands.probe));
  });
});

describe('firstSentence', () => {
  it('keeps the first sentence, with its citation', () => {
    assert.equal(firstSentence('POST is not idempotent (RFC 9110 §9.2.2). Retry only with a key. More.'), 'POST is not idempotent (RFC 9110 §9.2.2).');
    assert.equal(firstSentence('one sentence only'), 'one sentence only');
    assert.equal(firstSentence('Version 1.2 is fine. Next'), 'Version 1.2 is fine.');
  });
});
