import * as vscode from 'vscode';
import { Settings } from './ids';

/** Every setting the editor features read, typed. Read here and nowhere else. */
export interface EditorConfig {
  hoverEnabled: boolean;
  diagnosticsEnabled: boolean;
  /** Globs of documents treated as logs, besides the `log` language. */
  logGlobs: string[];
  /** Log documents above this size (bytes) are not scanned; Infinity when the limit is 0. */
  maxLogSizeBytes: number;
  terminalEnabled: boolean;
  debugConsoleEnabled: boolean;
  /** Globs of files to follow as they grow. */
  watchedLogs: string[];
  maxOccurrences: number;
  notifications: boolean;
  /** Upper bound of the keep-alive idle measurement of a probe, seconds. */
  probeMaxIdleSeconds: number;
  /** Deadline of each probe phase, ms. */
  probeTimeoutMs: number;
  /** Flag risky HTTP client configuration in Go/PHP/JS/TS source (off by default). */
  riskyClientDiagnostics: boolean;
}

function bool(c: vscode.WorkspaceConfiguration, key: string, fallback: boolean): boolean {
  const v: unknown = c.get(key);
  return typeof v === 'boolean' ? v : fallback;
}

function num(c: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number, max: number): number {
  const v: unknown = c.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function strings(c: vscode.WorkspaceConfiguration, key: string, fallback: string[]): string[] {
  const v: unknown = c.get(key);
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim().length > 0) : fallback;
}

/** Reads the settings; values of the wrong type fall back to the defaults of package.json. */
export function readConfig(): EditorConfig {
  const c = vscode.workspace.getConfiguration(Settings.section);
  const maxMB = num(c, Settings.maxLogSizeMB, 50, 0, 1024);
  // In an untrusted workspace, globs to follow come only from user settings: a cloned repository
  // must not make the extension read arbitrary files.
  let watched = strings(c, Settings.watchedLogs, []);
  if (!vscode.workspace.isTrusted) {
    const inspected = c.inspect<unknown>(Settings.watchedLogs);
    const user = inspected?.globalValue;
    watched = Array.isArray(user) ? user.filter((s): s is string => typeof s === 'string') : [];
  }
  return {
    hoverEnabled: bool(c, Settings.hoverEnabled, true),
    diagnosticsEnabled: bool(c, Settings.diagnosticsEnabled, true),
    logGlobs: strings(c, Settings.logGlobs, ['**/*.log', '**/*.log.[0-9]']),
    maxLogSizeBytes: maxMB === 0 ? Infinity : maxMB * 1024 * 1024,
    terminalEnabled: bool(c, Settings.terminalEnabled, true),
    debugConsoleEnabled: bool(c, Settings.debugConsoleEnabled, true),
    watchedLogs: watched,
    maxOccurrences: Math.round(num(c, Settings.maxOccurrences, 500, 10, 10000)),
    notifications: bool(c, Settings.notifications, true),
    probeMaxIdleSeconds: num(c, Settings.probeMaxIdleSeconds, 30, 1, 600),
    probeTimeoutMs: Math.round(num(c, Settings.probeTimeoutMs, 10000, 100, 120000)),
    riskyClientDiagnostics: bool(c, Settings.riskyClientDiagnostics, false),
  };
}

/** Fires `listener` with fresh settings whenever one of ours changes (or workspace trust is granted). */
export function onDidChangeConfig(listener: (config: EditorConfig) => void): vscode.Disposable {
  const subs = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) listener(readConfig());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => listener(readConfig())),
  ];
  return vscode.Disposable.from(...subs);
}
