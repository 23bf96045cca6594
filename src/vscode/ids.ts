/** Every command, view and setting id the extension contributes, in one place (checked against package.json by a unit test). */
export const EXTENSION_ID = 'connection-doctor.connection-doctor';

export const Commands = {
  showPanel: 'connectionDoctor.showPanel',
  explainSelection: 'connectionDoctor.explainSelection',
  /** Shows one occurrence in the panel. Args: `{ occurrenceId }` or `{ finding, source }` (hovers, links, diagnostics). */
  explainOccurrence: 'connectionDoctor.explainOccurrence',
  /** Args: `{ endpoint: Endpoint }` (optional). Final behaviour belongs to the panel/probe feature. */
  probeEndpoint: 'connectionDoctor.probeEndpoint',
  /** Args: `{ causeId, finding }` (optional). Final behaviour belongs to the fix feature. */
  insertFix: 'connectionDoctor.insertFix',
  clearOccurrences: 'connectionDoctor.clearOccurrences',
  /** Internal (code action): probe the endpoint a client site calls, then configure that client. Hidden from the palette. */
  probeAndFix: 'connectionDoctor.probeAndFix',
} as const;

export const Views = {
  container: 'connectionDoctor',
  panel: 'connectionDoctor.panel',
} as const;

/** Setting keys below the `connectionDoctor.` section. */
export const Settings = {
  section: 'connectionDoctor',
  hoverEnabled: 'hover.enabled',
  diagnosticsEnabled: 'diagnostics.enabled',
  logGlobs: 'diagnostics.logGlobs',
  maxLogSizeMB: 'diagnostics.maxLogSizeMB',
  terminalEnabled: 'terminal.enabled',
  debugConsoleEnabled: 'debugConsole.enabled',
  watchedLogs: 'watchedLogs',
  maxOccurrences: 'occurrences.max',
  notifications: 'notifications.enabled',
  probeMaxIdleSeconds: 'probe.maxIdleSeconds',
  probeTimeoutMs: 'probe.timeoutMs',
  riskyClientDiagnostics: 'fixes.riskyClientDiagnostics',
} as const;
