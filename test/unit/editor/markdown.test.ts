import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { clip, commandUri, escapeMarkdown } from '../../../src/core/editor/markdown';

describe('escapeMarkdown', () => {
  it('turns links, HTML, emphasis and code spans into literal text', () => {
    const hostile = '<img src=x onerror=alert(1)> [run](command:workbench.action.terminal.sendSequence?%5B%5D) **b** `c` # h';
    const out = escapeMarkdown(hostile);
    assert.doesNotMatch(out, /(?<!\\)[<>[\]()*`#]/, out);
    // Unescaping gives the original back: nothing was lost, only neutralised.
    assert.equal(out.replace(/\\(.)/g, '$1'), hostile);
  });

  it('folds line breaks so a log line cannot start a new Markdown block', () => {
    assert.equal(escapeMarkdown('a\r\n# b\nc'), 'a \\# b c');
  });
});

describe('commandUri and clip', () => {
  it('encodes JSON arguments', () => {
    const uri = commandUri('connectionDoctor.explainOccurrence', [{ line: 3, text: 'a b)' }]);
    assert.ok(uri.startsWith('command:connectionDoctor.explainOccurrence?'));
    assert.doesNotMatch(uri, /[ )]/);
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1] ?? '')), [{ line: 3, text: 'a b)' }]);
  });

  it('clips long text with an ellipsis', () => {
    assert.equal(clip('abcdef', 4), 'abc…');
    assert.equal(clip('abc', 4), 'abc');
  });
});
