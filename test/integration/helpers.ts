import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'connection-doctor.connection-doctor';

/** Activates the extension under test and returns its API. */
export async function activateExtension(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.activate();
}

/** The throw-away copy of test/fixtures/workspace the launcher opened. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function repoPath(...segments: string[]): string {
  return path.join(process.env.CD_TEST_ROOT ?? path.resolve(__dirname, '../..'), ...segments);
}

/**
 * Resolves with the first value `event` fires that satisfies `accept`, or rejects after `ms` with
 * what was awaited. Tests wait on events, never on fixed sleeps.
 */
export function nextEvent<T>(event: vscode.Event<T>, accept: (v: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = event((v) => {
      if (!accept(v)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

/**
 * Polls a condition that no event reports (state of another process, a UI the API cannot observe),
 * bounded by `ms`. Used only where VS Code offers no event to wait on.
 */
export async function until<T>(probe: () => T | Promise<T>, ms: number, what: string, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Asks the launcher for a screenshot of the workbench (saved as <name>.png). */
export function requestScreenshot(name: string): void {
  console.log(`__SCREENSHOT__:${name}`);
}
