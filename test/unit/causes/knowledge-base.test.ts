import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allCauses, getCause } from '../../../src/core/causes';
import { CAUSE_IDS, ERROR_CLASSES, FIX_IDS } from '../../../src/core/types';

/** Flags `connection-doctor probe` accepts (issue 4's CLI contract), with whether they take a value. */
const PROBE_FLAGS: Record<string, boolean> = {
  '--json': false,
  '--idle': false,
  '--max-idle': true,
  '--reuse': true,
  '--timeout': true,
  '--post-body': true,
  '--expect-continue': false,
  '--insecure': false,
  '--large-request': false,
};

/** Causes a client-side setting can cure or soften; TLS, DNS and proxy configuration causes have no client fix. */
const FIXABLE = ['keepalive-idle-race', 'middlebox-idle-timeout', 'server-overload', 'early-close-unread-body', 'expect-continue', 'peer-crash-restart', 'proxy-reset', 'broken-pipe-peer-closed', 'request-timeout'];

describe('cause knowledge base', () => {
  it('has one module file per cause id, named after the id', () => {
    const dir = join(process.cwd(), 'src/core/causes');
    const files = new Set(readdirSync(dir));
    for (const id of CAUSE_IDS) assert.ok(files.has(`${id}.ts`), `missing src/core/causes/${id}.ts`);
  });

  for (const id of CAUSE_IDS) {
    it(`${id}: every field is filled in`, () => {
      const c = getCause(id);
      assert.equal(c.id, id);
      assert.ok(c.title.length > 10, 'title');
      assert.equal(c.summary.length, 2);
      for (const line of c.summary) assert.ok(line.length > 20 && line.length <= 120, `summary line length: ${line}`);
      assert.ok(c.mechanism.length > 300, 'mechanism is a paragraph');
      assert.ok(c.raisedBy.length > 0 && c.raisedBy.every((s) => s.length > 0), 'raisedBy');
      assert.ok(c.loweredBy.length > 0 && c.loweredBy.every((s) => s.length > 0), 'loweredBy');
      assert.ok(c.nextSteps.length > 0 && c.nextSteps.every((s) => s.length > 0), 'nextSteps');
      assert.ok(c.classes.length > 0 && c.classes.every((k) => (ERROR_CLASSES as readonly string[]).includes(k)), 'classes');
      assert.ok(c.confirm.lookFor.length > 20, 'confirm.lookFor');
    });

    it(`${id}: citations are https links with titles`, () => {
      const c = getCause(id);
      assert.ok(c.citations.length > 0);
      for (const ref of c.citations) {
        assert.ok(ref.title.length > 3, 'title');
        const url = new URL(ref.url);
        assert.equal(url.protocol, 'https:', ref.url);
      }
    });

    it(`${id}: confirmation uses real probe flags and fixes use real fix ids`, () => {
      const c = getCause(id);
      const args = c.confirm.probeArgs;
      for (let i = 0; i < args.length; i++) {
        const flag = args[i] ?? '';
        assert.ok(Object.hasOwn(PROBE_FLAGS, flag), `unknown probe flag ${flag}`);
        if (PROBE_FLAGS[flag]) {
          i++;
          assert.match(args[i] ?? '', /^\d+$/, `${flag} takes a number`);
        }
      }
      for (const lang of ['go', 'php', 'node'] as const) {
        for (const fix of c.fixes[lang]) assert.ok((FIX_IDS as readonly string[]).includes(fix), `${lang}: ${fix}`);
      }
      if (FIXABLE.includes(id)) {
        for (const lang of ['go', 'php', 'node'] as const) assert.ok(c.fixes[lang].length > 0, `${lang} has a fix`);
      }
    });
  }

  it('cites RFC 9110 §9.2.2 and RFC 9112 §9.3 for the keep-alive race', () => {
    const urls = getCause('keepalive-idle-race').citations.map((c) => c.url);
    assert.ok(urls.includes('https://www.rfc-editor.org/rfc/rfc9110#section-9.2.2'));
    assert.ok(urls.some((u) => u.startsWith('https://www.rfc-editor.org/rfc/rfc9112#section-9.3')));
  });

  it('writes each mechanism separately (no paragraph shared between causes)', () => {
    const all = allCauses();
    assert.equal(all.length, CAUSE_IDS.length);
    assert.equal(new Set(all.map((c) => c.mechanism)).size, all.length);
    assert.equal(new Set(all.map((c) => c.title)).size, all.length);
  });
});
