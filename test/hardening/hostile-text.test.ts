// Hostile text through every consumer of log text in the core: the detector (whole text, stream,
// byte stream), the hover builder, the panel model and protocol, and the Markdown report. 10,000
// seeded lines; the same seed replays a failure.
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { getCause, rankCauses, retrySafety } from '../../src/core/causes';
import { detect, scanStream, StreamDetector } from '../../src/core/detect';
import { buildHover, findingAtLine, HOVER_MAX_LINE_CHARS } from '../../src/core/editor/hover-content';
import { clip } from '../../src/core/editor/markdown';
import { buildDetail, endpointLabel, reportMarkdown } from '../../src/core/panel-model';
import { isHostMessage, type PanelOccurrence, type PanelState } from '../../src/core/panel-protocol';
import { redactText } from '../../src/core/redact';
import type { Finding } from '../../src/core/types';
import { hostileCorpus, hostileLine, INVALID_UTF8, pick, prng } from './hostile';
import { hoverMarkdownProblems, reportMarkdownProblems } from './markdown-check';

const SEED = Number(process.env.HARDENING_SEED ?? 20261121);
const LINES = 10_000;
const COMMANDS = { explain: 'connectionDoctor.explainOccurrence', probe: 'connectionDoctor.probeEndpoint', insertFix: 'connectionDoctor.insertFix' };
const OUR_IDS = Object.values(COMMANDS);

const corpus = hostileCorpus(SEED, LINES);
const key = (f: Finding): string => `${f.line}:${f.column}:${f.signature}`;

/** The occurrence the panel would list for a finding (same redaction and clipping as the panel view). */
function occurrenceOf(f: Finding, i: number): PanelOccurrence {
  return {
    id: `occ-${i}`,
    seenAt: new Date(Date.UTC(2026, 10, 21)).toISOString(),
    source: `app.log:${f.line}`,
    errorClass: f.class,
    runtime: f.runtime,
    text: clip(redactText(f.text), 2000),
    endpoint: endpointLabel(f),
    count: 1,
  };
}

function checkFinding(f: Finding, lineCount: number): void {
  assert.ok(Number.isInteger(f.line) && f.line >= 1 && f.line <= lineCount, `line ${f.line} out of range`);
  assert.ok(f.endLine >= f.line && f.endLine <= lineCount);
  assert.ok(f.column >= 1 && f.endColumn >= 1);
  assert.equal(typeof f.text, 'string');
  assert.ok(f.text.length <= 500, 'finding text is bounded');
  assert.ok(f.classes.includes(f.class));
}

describe(`hostile text (seed ${SEED}, ${LINES} lines, ${corpus.huge} of 1 MiB)`, () => {
  let all: Finding[] = [];

  it('detect() takes every line without throwing, findings are well-formed', () => {
    const text = corpus.lines.join('\n');
    all = detect(text);
    // Some payloads carry newlines of their own: count the lines the detector sees.
    const lineCount = text.split('\n').length;
    for (const f of all) checkFinding(f, lineCount);
    // Most generated lines carry a real error; a detector that gave up on hostile text would find few.
    assert.ok(all.length > LINES / 3, `only ${all.length} findings in ${LINES} lines`);
    console.log(`detect: ${all.length} findings in ${LINES} lines (${(text.length / 1e6).toFixed(1)} M chars)`);
  });

  it('StreamDetector in random chunks finds exactly what detect() finds', () => {
    // Without the 1 MiB lines: the stream cuts overlong lines into pieces by design.
    const lines = corpus.lines.filter((l) => l.length < 1 << 19);
    const text = lines.join('\n');
    const expected = detect(text).map(key);
    const r = prng(SEED + 1);
    const sd = new StreamDetector();
    const got: Finding[] = [];
    for (let at = 0; at < text.length;) {
      const n = Math.floor(r() * 4096) + 1;
      got.push(...sd.push(text.slice(at, at + n)));
      at += n;
    }
    got.push(...sd.end());
    assert.deepEqual(got.map(key), expected);
  });

  it('StreamDetector and scanStream survive 1 MiB lines, lone surrogates and invalid UTF-8', async () => {
    const sd = new StreamDetector();
    let n = 0;
    for (const l of corpus.lines) n += sd.push(`${l}\n`).length;
    n += sd.end().length;
    assert.ok(n > 0);
    const r = prng(SEED + 2);
    const parts: Buffer[] = [Buffer.from('plain log start\n'.repeat(1000))]; // past the binary sniff window
    let newlines = 1000;
    for (let i = 0; i < 2000; i++) {
      const line = hostileLine(r);
      newlines += line.split('\n').length - 1;
      parts.push(Buffer.from(line));
      if (r() < 0.3) parts.push(pick(r, INVALID_UTF8));
      parts.push(Buffer.from('\n'));
    }
    const bytes = Buffer.concat(parts);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = Math.floor(r() * 3000) + 1;
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    let found = 0;
    const res = await scanStream(Readable.from(chunks), () => found++);
    assert.equal(res.skipped, null);
    assert.equal(res.lines, newlines + 2000, "one line per newline, as wc -l counts");
    assert.ok(found > 500, `scanStream found ${found}`);
    // NUL at the start means binary: skipped with a reason, not scanned and not thrown on.
    const bin = await scanStream(Readable.from([Buffer.from('\0\0\0Error: read ECONNRESET\n')]), () => assert.fail('binary input was scanned'));
    assert.match(bin.skipped ?? '', /binary/);
  });

  it('errors on long lines are found wherever they sit: detect, StreamDetector, scanStream', async () => {
    const errors = ['read ECONNRESET', 'Error: read ECONNRESET', 'curl: (56) Recv failure: Connection reset by peer', 'dial tcp 127.0.0.1:5432: connect: connection refused'];
    const missed: string[] = [];
    for (const len of [5_000, 100_000, 1_000_000]) {
      for (const err of errors) {
        for (const where of ['start', 'middle', 'end'] as const) {
          const pad = 'a'.repeat(len);
          const line = where === 'start' ? `${err} ${pad}` : where === 'middle' ? `${pad.slice(0, len / 2)} ${err} ${pad.slice(len / 2)}` : `${pad} ${err}`;
          const text = `before\n${line}\nafter`;
          const label = `${err} at the ${where} of a ${len}-char line`;
          if (!detect(text).some((f) => f.line === 2)) missed.push(`detect: ${label}`);
          const sd = new StreamDetector();
          const viaStream = [...sd.push(text.slice(0, 4000)), ...sd.push(text.slice(4000)), ...sd.end()];
          if (!viaStream.some((f) => f.line === 2)) missed.push(`StreamDetector: ${label}`);
          const viaBytes: Finding[] = [];
          await scanStream(Readable.from([Buffer.from(text)]), (f) => viaBytes.push(f), { sniffBytes: 0 });
          if (!viaBytes.some((f) => f.line === 2)) missed.push(`scanStream: ${label}`);
        }
      }
    }
    assert.deepEqual(missed, []);
  });

  // Known gap, kept visible: the keyword prefilter reads the raw text, so an escape sequence inside
  // the keyword itself ("re\x1b[0mset") hides the line; whole-phrase colouring is found.
  it('an escape sequence inside an error phrase', { todo: 'the prefilter runs before escape sequences are stripped' }, () => {
    const line = 'Post "http://127.0.0.1:8080/x": read tcp 127.0.0.1:1->127.0.0.1:8080: read: connection re\x1b[1mset\x1b[0m by peer';
    assert.equal(detect(line).length, 1);
  });

  it('hover Markdown: only our command links, clean destinations, log text escaped', () => {
    const reader = { lineCount: corpus.lines.length, lineAt: (i: number) => corpus.lines[i] ?? '' };
    const problems: string[] = [];
    let hovers = 0;
    // Every finding of the corpus, hovered where the user would hover it.
    for (const f of all) {
      const at = findingAtLine(reader, f.line - 1, f.column - 1);
      if (!at) continue;
      hovers++;
      const h = buildHover(at, COMMANDS, { finding: at, source: { kind: 'logFile', label: 'app.log' } });
      assert.ok(h.commands.every((c) => OUR_IDS.includes(c)), `hover trusts ${h.commands.join(', ')}`);
      for (const p of hoverMarkdownProblems(h.markdown, h.commands)) {
        if (problems.length < 10) problems.push(`line ${f.line} ${JSON.stringify(clip(corpus.lines[f.line - 1] ?? '', 200))}: ${p}`);
      }
    }
    assert.ok(hovers > all.length / 2, `only ${hovers} of ${all.length} findings gave a hover`);
    assert.deepEqual(problems, []);
    console.log(`hover: ${hovers} hovers checked`);
  });

  it('hover on a 1 MiB line reads a clipped window only', () => {
    const err = 'Error: read ECONNRESET <img src=x onerror=alert(1)>';
    const head = `${err}${'a'.repeat(1 << 20)}`;
    const tail = `${'a'.repeat(1 << 20)}${err}`;
    const lines = ['before', head, tail, 'after'];
    const reader = { lineCount: lines.length, lineAt: (i: number) => lines[i] ?? '' };
    const f = findingAtLine(reader, 1, 10);
    assert.ok(f, 'an error at the start of a huge line is explained');
    assert.ok(f.endColumn <= HOVER_MAX_LINE_CHARS + 1 && f.text.length <= 500);
    assert.deepEqual(hoverMarkdownProblems(buildHover(f, COMMANDS, { finding: f }).markdown, OUR_IDS), []);
    // Beyond the window the hover stays silent rather than scan a megabyte on every mouse move.
    assert.equal(findingAtLine(reader, 2, (1 << 20) + 5), null);
  });

  it('panel state validates, survives a JSON round trip, and keeps strings as plain data', () => {
    const sample = all.filter((_, i) => i % 7 === 0).slice(0, 800);
    const occurrences = sample.map(occurrenceOf);
    const problems: string[] = [];
    sample.forEach((f, i) => {
      const occ = occurrences[i]!;
      const detail = buildDetail({
        occurrenceId: occ.id, finding: f, causes: rankCauses([f]), retry: retrySafety(f.method), probe: null, getCause, canFix: true,
      });
      const state: PanelState = { occurrences: [occ], selectedId: occ.id, detail, busy: null };
      const wire: unknown = JSON.parse(JSON.stringify({ type: 'state', state }));
      assert.ok(isHostMessage(wire), `state for line ${f.line} does not validate`);
      assert.deepEqual(wire, { type: 'state', state });
      for (const p of reportMarkdownProblems(reportMarkdown(occ, detail))) if (problems.length < 10) problems.push(`line ${f.line}: ${p}`);
    });
    const full: PanelState = { occurrences, selectedId: null, detail: null, busy: null };
    assert.ok(isHostMessage(JSON.parse(JSON.stringify({ type: 'state', state: full }))));
    assert.deepEqual(problems, []);
  });

  it('report Markdown: hostile source labels and fact values cannot break out of their line or cell', () => {
    const f = all[0]!;
    const detail = buildDetail({ occurrenceId: 'o', finding: f, causes: rankCauses([f]), retry: retrySafety(f.method), probe: null, getCause, canFix: false });
    detail.facts.push({ label: 'Label\r# injected heading', value: 'v\r| x | y |\r\n[link](command:evil)\u2028<b>' });
    const problems: string[] = [];
    for (const source of ['terminal: a\r# heading', 'b\n- list item', 'c\r\n<img src=x>', 'd\u2028e', '```\r```']) {
      const md = reportMarkdown({ ...occurrenceOf(f, 0), source }, detail);
      problems.push(...reportMarkdownProblems(md));
      // No line of the report may start with something the text brought in.
      for (const line of md.split(/\r\n|\r|\n/)) if (/^(?:# injected|- list item|<img)/.test(line)) problems.push(`a line starts with injected text: ${JSON.stringify(line)}`);
    }
    assert.deepEqual(problems, []);
  });

  it('hostile messages are refused by the protocol guards', () => {
    const occ = occurrenceOf(all[0]!, 0);
    const bad: unknown[] = [
      null, 42, 'state', [], { type: 'state' }, { type: 'state', state: null },
      { type: 'state', state: { occurrences: [{ ...occ, text: { toString: 'x' } }], selectedId: null, detail: null, busy: null } },
      { type: 'state', state: { occurrences: [{ ...occ, count: '1' }], selectedId: null, detail: null, busy: null } },
      { type: 'state', state: { occurrences: 'x', selectedId: null, detail: null, busy: null } },
      { type: 'state', state: { occurrences: [], selectedId: 1, detail: null, busy: null } },
      { type: '__proto__', state: {} },
      JSON.parse('{"type":"state","state":{"occurrences":[],"selectedId":null,"detail":{"__proto__":{"x":1}},"busy":null}}'),
    ];
    for (const b of bad) assert.equal(isHostMessage(b), false, JSON.stringify(b));
  });
});

/** Shortest of three runs in CPU time, ms: wall time on a busy machine includes waiting for a CPU. */
function minTime(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

/** Inputs built to make a backtracking or quadratic scanner slow, as functions of a size. */
const ADVERSARIAL: [string, (n: number) => string][] = [
  ['keyword-dense line', (n) => 'Connection reset by peer ECONNRESET '.repeat(Math.ceil(n / 36))],
  ['go remote address run', (n) => `read tcp ${'1.'.repeat(n / 2)}`],
  ['url without end', (n) => `Get "http://${'a'.repeat(n)}`],
  ['colon-digit run', (n) => `ECONNRESET ${':1'.repeat(n / 2)}`],
  ['unterminated OSC', (n) => `\x1b]${'a'.repeat(n)} ECONNRESET`],
  ['CSI without final', (n) => `\x1b[${'0;'.repeat(n / 2)}read ECONNRESET`],
  ['alternation near-miss', (n) => 'N '.repeat(n / 2) + 'Name does not resolve'],
  ['pool near-miss', (n) => 'HTTPConnectionPoConnectio'.repeat(Math.ceil(n / 25)) + "nPool(host='x"],
  ['endless trace', (n) => `Error: read ECONNRESET\n${'    at f (/app/x.js:1:1)\n'.repeat(Math.ceil(n / 26))}`],
  ['many short error lines', (n) => 'Error: read ECONNRESET\n'.repeat(Math.ceil(n / 23))],
  ['bidi and zero-width soup', (n) => '\u202e\u200b\u2066ECONNRESET\u2069'.repeat(Math.ceil(n / 15))],
  ['hostile corpus', (n) => hostileCorpus(SEED + 3, Math.ceil(n / 60), 0).lines.join('\n')],
];

describe('scan time is linear in the input (1x vs 10x; op counts and generous time ratios)', () => {
  const BASE = 100_000;
  for (const [name, make] of ADVERSARIAL) {
    it(name, async () => {
      const small = make(BASE);
      const large = make(BASE * 10);
      const tSmall = minTime(() => detect(small));
      const tLarge = minTime(() => detect(large));
      // Work counters of the matcher: characters handed to the regexes.
      const ops = async (s: string): Promise<number> => (await scanStream(Readable.from([Buffer.from(s)]), () => undefined, { sniffBytes: 0 })).matcherChars;
      const [oSmall, oLarge] = [await ops(small), await ops(large)];
      const sizeRatio = large.length / small.length;
      const opRatio = oSmall === 0 ? 0 : oLarge / oSmall;
      const timeRatio = tLarge / Math.max(tSmall, 0.05);
      console.log(`${name}: ${small.length} -> ${large.length} chars, time ${tSmall.toFixed(2)} -> ${tLarge.toFixed(2)} ms (x${timeRatio.toFixed(1)}), matcher chars ${oSmall} -> ${oLarge} (x${opRatio.toFixed(1)})`);
      assert.ok(opRatio <= sizeRatio * 1.5, `matcher work grew x${opRatio.toFixed(1)} for x${sizeRatio.toFixed(1)} input`);
      // Linear would be x10; quadratic x100. The operation count above is the exact check; the
      // time ratio is a backstop with room for GC and a loaded machine (seen: x41 at load 15).
      assert.ok(timeRatio < sizeRatio * 7, `time grew x${timeRatio.toFixed(1)} for x${sizeRatio.toFixed(1)} input`);
    });
  }
});

/** Runs that come right after a keyword, so that every regex of the matcher sees them in full. */
const AFTER_KEYWORD: [string, string, string, string?][] = [
  ['url punctuation', 'read ECONNRESET http://a/', '!', 'x!'],
  ['go remote', 'read tcp 10.0.0.1:5000->', '1.'],
  ['url', 'read ECONNRESET http://', 'a.'],
  ['host port', 'connect ECONNREFUSED ', 'a:1'],
  ['bracket', 'ECONNRESET [', '[:'],
  ['quotes', 'upstream: "', 'x"'],
  ['pool', "ConnectionResetError HTTPConnectionPool(host='", "'a"],
  ['resolve', 'getaddrinfo ENOTFOUND ', 'N '],
  ['dump', 'Error: read ECONNRESET { errno: -104, code: ', "'a"],
  ['spaces', 'connection reset by peer', '  \t'],
  ['method', 'ECONNRESET on ', 'GET '],
  ['timestamp', 'ECONNRESET [21/Nov/2026:05:', '00:'],
];

describe('matcher cost per line does not grow faster than the line (lines of 400 vs 4,000 chars, same total)', () => {
  const TOTAL = 2_000_000;
  for (const [name, head, run, tail = ''] of AFTER_KEYWORD) {
    it(name, () => {
      const text = (len: number): string => {
        const body = len - head.length - tail.length;
        const line = head + run.repeat(Math.ceil(body / run.length)).slice(0, body) + tail;
        return Array.from({ length: Math.ceil(TOTAL / len) }, () => line).join('\n');
      };
      const short = text(400);
      const long = text(4000);
      const tShort = minTime(() => detect(short));
      const tLong = minTime(() => detect(long));
      const ratio = tLong / Math.max(tShort, 0.05);
      console.log(`${name}: ${(short.length / 1e6).toFixed(1)} M chars in 400-char lines ${tShort.toFixed(1)} ms, in 4,000-char lines ${tLong.toFixed(1)} ms (x${ratio.toFixed(2)})`);
      // Same amount of text: a linear matcher takes about the same time; a quadratic one x10.
      assert.ok(ratio < 4, `x${ratio.toFixed(2)} for lines ten times longer`);
    });
  }
});
