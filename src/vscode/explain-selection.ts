import * as vscode from 'vscode';
import { detect } from '../core/detect/index';
import { Commands } from './ids';
import { documentSource } from './hover';
import type { Services } from './services';

/**
 * `Explain Selected Error`: detects errors in the selection (or the current line) of the active
 * editor, records them as occurrences and shows the first in the panel.
 */
export function registerExplainSelection(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.explainSelection, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const sel = editor.selection;
      const range = sel.isEmpty ? editor.document.lineAt(sel.active.line).range : new vscode.Range(sel.start.line, 0, sel.end.line, Number.MAX_SAFE_INTEGER);
      const text = editor.document.getText(range);
      const findings = detect(text, { firstLine: range.start.line + 1 });
      if (findings.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No network error found in the selection.'));
        return undefined;
      }
      const added = services.occurrences.add(documentSource(editor.document), findings);
      const first = added[0];
      if (first) services.occurrences.select(first.id);
      await vscode.commands.executeCommand(Commands.showPanel);
      return first?.id;
    }),
  );
}
