import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Commands, Views, Settings } from '../../src/vscode/ids';

interface Manifest {
  name: string;
  publisher: string;
  engines: { vscode: string };
  activationEvents?: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; icon?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon?: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

describe('package.json against ids.ts', () => {
  it('declares exactly the commands ids.ts names', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('puts every command in the one category, with localized titles and no emoji', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, '%category%', c.command);
      const title = /^%(.+)%$/.exec(c.title)?.[1];
      assert.ok(title && nls[title], `${c.command} has a title in package.nls.json`);
      assert.doesNotMatch(nls[title], /\p{Extended_Pictographic}/u);
    }
    assert.equal(nls.category, 'Connection Doctor');
  });

  it('declares the views of ids.ts, each with an icon', () => {
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === Views.container && c.icon));
    const views = manifest.contributes.views[Views.container] ?? [];
    assert.ok(views.some((v) => v.id === Views.panel && v.icon));
  });

  it('declares exactly the settings ids.ts names, under the one section', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    for (const key of declared) assert.ok(key.startsWith(`${Settings.section}.`), key);
    const named = Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => `${Settings.section}.${v}`).sort();
    assert.deepEqual(declared, named);
  });

  it('documents every setting with a localized description', () => {
    for (const [key, prop] of Object.entries(manifest.contributes.configuration.properties)) {
      const p = prop as { description?: string; markdownDescription?: string; type?: unknown };
      const text = p.markdownDescription ?? p.description ?? '';
      const nlsKey = /^%(.+)%$/.exec(text)?.[1];
      assert.ok(nlsKey && nls[nlsKey], `${key} has a description in package.nls.json`);
      assert.ok(p.type, `${key} is typed`);
    }
  });

  it('never activates on *, and matches engines.vscode to @types/vscode', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    const engine = /(\d+\.\d+)/.exec(manifest.engines.vscode)?.[1];
    const types = /(\d+\.\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '')?.[1];
    assert.ok(engine && types && engine === types, `engines.vscode ${engine} vs @types/vscode ${types}`);
    assert.ok(Number(engine?.split('.')[1]) >= 93);
  });
});
