import * as vscode from 'vscode';
import { Commands } from './ids';
import { onDidChangeConfig, readConfig } from './config';
import type { ExplainArgs } from './occurrence-commands';
import type { OccurrenceSource } from './occurrences';
import type { Services } from './services';
import { buildHover, findingAtLine } from '../core/editor/hover-content';

const HOVER_COMMANDS = { explain: Commands.explainOccurrence, probe: Commands.probeEndpoint, insertFix: Commands.insertFix };

/** Where a document's text comes from, as the occurrence store records it. */
export function documentSource(doc: vscode.TextDocument): OccurrenceSource {
  if (doc.uri.scheme === 'output') return { kind: 'output', label: `Output: ${doc.uri.path}`, uri: doc.uri.toString() };
  // 'logFile' is kept for files followed on disk (watched logs); an open editor is a 'document'.
  return { kind: 'document', label: vscode.workspace.asRelativePath(doc.uri, false), uri: doc.uri.toString() };
}

/**
 * Explains network error text under the mouse in any document (logs, plain text, comments and
 * strings in code, the Output panel). Detection runs on the hovered line and a few around it only.
 */
export class ErrorHoverProvider implements vscode.HoverProvider {
  enabled = readConfig().hoverEnabled;

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled) return undefined;
    const finding = findingAtLine({ lineCount: doc.lineCount, lineAt: (i) => doc.lineAt(i).text }, position.line, position.character);
    if (!finding) return undefined;
    const args: ExplainArgs = { finding, source: documentSource(doc) };
    const content = buildHover(finding, HOVER_COMMANDS, args);
    const md = new vscode.MarkdownString(content.markdown);
    // Only our own commands run from this hover; the text of the log was escaped when it was built.
    md.isTrusted = { enabledCommands: content.commands };
    md.supportHtml = false;
    const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
    return new vscode.Hover(md, range);
  }
}

export function registerHover(context: vscode.ExtensionContext, _services: Services): ErrorHoverProvider {
  const provider = new ErrorHoverProvider();
  context.subscriptions.push(
    vscode.languages.registerHoverProvider('*', provider),
    onDidChangeConfig((c) => (provider.enabled = c.hoverEnabled)),
  );
  return provider;
}
