import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { onDidChangeConfig, readConfig } from './config';
import type { Services } from './services';
import { StreamDetector } from '../core/detect';

/** Output categories that carry program output (telemetry and "important" UI notices do not). */
const SCANNED = new Set(['stdout', 'stderr', 'console', 'debug console']);

function outputOf(message: unknown): { category: string; output: string } | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as { type?: unknown; event?: unknown; body?: unknown };
  if (m.type !== 'event' || m.event !== 'output' || typeof m.body !== 'object' || m.body === null) return null;
  const body = m.body as { output?: unknown; category?: unknown };
  if (typeof body.output !== 'string') return null;
  return { category: typeof body.category === 'string' ? body.category : 'console', output: body.output };
}

/**
 * Reads the `output` events of every debug session (any adapter) and records the network errors
 * they print. One line stream per session and category, so interleaved stdout/stderr stay apart.
 */
export class DebugConsoleErrors extends Disposable implements vscode.DebugAdapterTrackerFactory {
  private enabled = readConfig().debugConsoleEnabled;

  constructor(private readonly services: Services) {
    super();
    this._register(vscode.debug.registerDebugAdapterTrackerFactory('*', this));
    this._register(onDidChangeConfig((c) => (this.enabled = c.debugConsoleEnabled)));
  }

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    if (!this.enabled) return undefined;
    const streams = new Map<string, StreamDetector>();
    const store = this.services.occurrences;
    const source = { kind: 'debug' as const, label: session.name, runId: session.id };
    return {
      onDidSendMessage: (message: unknown) => {
        const out = outputOf(message);
        if (!out || !SCANNED.has(out.category)) return;
        let stream = streams.get(out.category);
        if (!stream) streams.set(out.category, (stream = new StreamDetector()));
        store.add(source, stream.push(out.output));
      },
      onWillStopSession: () => {
        for (const s of streams.values()) store.add(source, s.end());
        streams.clear();
      },
    };
  }
}

export function registerDebugConsole(context: vscode.ExtensionContext, services: Services): DebugConsoleErrors {
  const debug = new DebugConsoleErrors(services);
  context.subscriptions.push(debug);
  return debug;
}
