import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { onDidChangeConfig, readConfig } from './config';
import { explain } from './occurrence-commands';
import type { OccurrenceSource } from './occurrences';
import type { Services } from './services';
import { classLabel } from '../core/editor/hover-content';
import { StreamDetector, detect } from '../core/detect';
import type { Finding } from '../core/types';

/** Longest terminal line the link provider reads (xterm hands over wrapped lines joined). */
const MAX_LINK_LINE = 8192;

interface ErrorTerminalLink extends vscode.TerminalLink {
  finding: Finding;
  terminalName: string;
}

export interface TerminalLinksEvent {
  terminalName: string;
  line: string;
  links: { startIndex: number; length: number; errorClass: string; runtime: string }[];
}

export interface ShellExecutionScanned {
  terminalName: string;
  commandLine: string;
  exitCode: number | undefined;
  occurrenceIds: string[];
}

/**
 * Terminal surfaces: links on error text in any terminal (activating one explains it), and the
 * output of shell-integrated commands scanned as it streams, with the command line and exit code.
 */
export class TerminalErrors extends Disposable implements vscode.TerminalLinkProvider<ErrorTerminalLink> {
  private enabled = readConfig().terminalEnabled;
  private runs = 0;
  private readonly linksEmitter = this._register(new vscode.EventEmitter<TerminalLinksEvent>());
  private readonly executionEmitter = this._register(new vscode.EventEmitter<ShellExecutionScanned>());
  /** Fires each time the provider found links on a line (tests wait on it). */
  readonly onDidProvideLinks = this.linksEmitter.event;
  /** Fires when a shell-integrated command's output has been scanned to its end. */
  readonly onDidScanExecution = this.executionEmitter.event;
  private readonly exitCodes = new WeakMap<vscode.TerminalShellExecution, number | undefined>();
  private readonly ended = new WeakSet<vscode.TerminalShellExecution>();
  private readonly idsByExecution = new WeakMap<vscode.TerminalShellExecution, string[]>();

  constructor(private readonly services: Services) {
    super();
    this._register(vscode.window.registerTerminalLinkProvider(this));
    this._register(vscode.window.onDidStartTerminalShellExecution((e) => {
      if (this.enabled) this.follow(e.terminal, e.execution).catch((err: unknown) => services.log.warn(`terminal output scan stopped: ${err instanceof Error ? err.message : String(err)}`));
    }));
    this._register(vscode.window.onDidEndTerminalShellExecution((e) => {
      this.ended.add(e.execution);
      this.exitCodes.set(e.execution, e.exitCode);
      const ids = this.idsByExecution.get(e.execution);
      if (ids && ids.length > 0 && e.exitCode !== undefined) services.occurrences.updateSource(ids, { exitCode: e.exitCode });
    }));
    this._register(onDidChangeConfig((c) => (this.enabled = c.terminalEnabled)));
  }

  provideTerminalLinks(context: vscode.TerminalLinkContext): ErrorTerminalLink[] {
    if (!this.enabled) return [];
    const line = context.line.length > MAX_LINK_LINE ? context.line.slice(0, MAX_LINK_LINE) : context.line;
    const links: ErrorTerminalLink[] = [];
    for (const f of detect(line)) {
      if (f.line !== 1) continue;
      const startIndex = f.column - 1;
      const end = f.endLine === 1 ? f.endColumn - 1 : line.length;
      const length = Math.max(1, Math.min(line.length, end) - startIndex);
      links.push({ startIndex, length, tooltip: `${classLabel(f.class)}: explain with Connection Doctor`, finding: f, terminalName: context.terminal.name });
    }
    if (links.length > 0) {
      this.linksEmitter.fire({ terminalName: context.terminal.name, line, links: links.map((l) => ({ startIndex: l.startIndex, length: l.length, errorClass: l.finding.class, runtime: l.finding.runtime })) });
    }
    return links;
  }

  handleTerminalLink(link: ErrorTerminalLink): void {
    void explain(this.services, { finding: link.finding, source: { kind: 'terminal', label: link.terminalName } });
  }

  private async follow(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
    const run = ++this.runs;
    const stream = new StreamDetector();
    const ids: string[] = [];
    this.idsByExecution.set(execution, ids);
    const source = (): OccurrenceSource => {
      const s: OccurrenceSource = { kind: 'terminal', label: terminal.name, commandLine: execution.commandLine.value, runId: `shell-${run}` };
      const code = this.exitCodes.get(execution);
      if (code !== undefined) s.exitCode = code;
      return s;
    };
    const record = (found: Finding[]): void => {
      if (found.length > 0) ids.push(...this.services.occurrences.add(source(), found).map((o) => o.id));
    };
    for await (const chunk of execution.read()) {
      if (this.isDisposed) return;
      record(stream.push(chunk));
    }
    record(stream.end());
    this.executionEmitter.fire({ terminalName: terminal.name, commandLine: execution.commandLine.value, exitCode: this.ended.has(execution) ? this.exitCodes.get(execution) : undefined, occurrenceIds: ids });
  }
}

export function registerTerminal(context: vscode.ExtensionContext, services: Services): TerminalErrors {
  const terminal = new TerminalErrors(services);
  context.subscriptions.push(terminal);
  return terminal;
}
