import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import * as l10n from '@vscode/l10n';
import { classLabel, findingFacts } from '../../src/core/panel-model';

/** Every message passed to `l10n.t(...)` as a literal in src/, found with the TypeScript parser. */
export function l10nMessages(root = 'src'): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  for (const file of walk(root)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't') {
        const target = node.expression.expression;
        const isL10n = (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n') || (ts.isIdentifier(target) && target.text === 'l10n');
        const first = node.arguments[0];
        if (isL10n && first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          found.set(first.text, `${file}:${line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

const readJson = (p: string): Record<string, string> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>;

describe('localization', () => {
  it('has a German translation for every runtime message (l10n/bundle.l10n.de.json)', () => {
    const messages = l10nMessages();
    assert.ok(messages.size > 10, `found ${messages.size} messages`);
    const de = readJson('l10n/bundle.l10n.de.json');
    const missing = [...messages].filter(([m]) => typeof de[m] !== 'string' || de[m].trim() === '').map(([m, where]) => `${where}: ${m}`);
    assert.deepEqual(missing, []);
    for (const [m] of messages) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join(',');
      assert.equal(placeholders(de[m] ?? ''), placeholders(m), `placeholders of "${m}"`);
    }
  });

  it('has a German manifest for every key of package.nls.json', () => {
    const en = readJson('package.nls.json');
    const de = readJson('package.nls.de.json');
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
    for (const k of Object.keys(en)) assert.ok(de[k]?.trim(), k);
  });

  it('core text follows the bundle the host hands to @vscode/l10n', () => {
    l10n.config({ contents: readJson('l10n/bundle.l10n.de.json') });
    try {
      assert.equal(classLabel('reset'), 'Verbindung von der Gegenstelle zurückgesetzt');
      const facts = findingFacts({ line: 1, column: 1, endLine: 1, endColumn: 2, class: 'proxy', classes: ['proxy', 'refused'], runtime: 'go', signature: 'x', errno: 'ECONNREFUSED', endpoint: null, method: 'GET', hints: [], text: 'x', timestamp: null });
      assert.deepEqual(facts.map((f) => f.label), ['Klasse', 'Laufzeit', 'Fehlercode', 'Methode']);
      assert.match(facts[0]?.value ?? '', /^Proxy-Fehler \(außerdem: Verbindung abgelehnt\)$/);
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('uses only manifest keys that exist', () => {
    const en = readJson('package.nls.json');
    const used = [...readFileSync('package.json', 'utf8').matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1] ?? '');
    for (const k of used) assert.ok(k in en, `package.json uses %${k}% which package.nls.json lacks`);
  });
});
