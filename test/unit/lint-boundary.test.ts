import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The rule is proven on a real file inside src/core, linted by the project's own config.
const probe = join('src', 'core', `lint-boundary-probe-${process.pid}.ts`);
const eslint = join('node_modules', '.bin', 'eslint');

function lint(source: string): { status: number | null; out: string } {
  writeFileSync(probe, source);
  try {
    const r = spawnSync(eslint, ['--no-warn-ignored', '--format', 'json', probe], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('lint boundary: src/core may not import vscode', () => {
  it('fails on an import of vscode in src/core', () => {
    const r = lint(readFileSync('test/fixtures/lint/core-imports-vscode.ts.txt', 'utf8'));
    assert.notEqual(r.status, 0);
    assert.match(r.out, /no-restricted-imports/);
    assert.match(r.out, /editor-free/);
  });

  it('fails on an import of src/vscode from src/core', () => {
    const r = lint(`import { Commands } from '../vscode/ids';\nexport const x = Commands.showPanel;\n`);
    assert.notEqual(r.status, 0);
    assert.match(r.out, /no-restricted-imports/);
  });

  it('passes on plain core code', () => {
    const r = lint(`import { ERROR_CLASSES } from './types';\nexport const n: number = ERROR_CLASSES.length;\n`);
    assert.equal(r.status, 0, r.out);
  });
});
