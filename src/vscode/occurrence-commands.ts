import * as vscode from 'vscode';
import { Commands } from './ids';
import type { Occurrence, OccurrenceSource, OccurrenceSourceKind } from './occurrences';
import type { Services } from './services';
import { ERROR_CLASSES, type Finding } from '../core/types';
import { findingAtLine } from '../core/editor/hover-content';
import { documentSource } from './hover';

/** Arguments of `connectionDoctor.explainOccurrence`. Command URIs carry them as JSON: validate. */
export type ExplainArgs =
  | { occurrenceId: string }
  | { finding: Finding; source: OccurrenceSource }
  /** A line of a document (0-based): diagnostics link here; the finding is detected again on demand. */
  | { documentUri: string; line: number };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const KINDS: readonly OccurrenceSourceKind[] = ['terminal', 'debug', 'logFile', 'output', 'document'];

function isFinding(v: unknown): v is Finding {
  return (
    isRecord(v) && isInt(v.line) && isInt(v.column) && isInt(v.endLine) && isInt(v.endColumn) &&
    typeof v.class === 'string' && (ERROR_CLASSES as readonly string[]).includes(v.class) &&
    Array.isArray(v.classes) && v.classes.every((c) => (ERROR_CLASSES as readonly unknown[]).includes(c)) &&
    typeof v.runtime === 'string' && typeof v.signature === 'string' && typeof v.text === 'string' && v.text.length <= 100_000 &&
    (v.errno === null || typeof v.errno === 'string') && (v.method === null || typeof v.method === 'string') &&
    (v.timestamp === null || typeof v.timestamp === 'number') && Array.isArray(v.hints) && v.hints.every((h) => typeof h === 'string') &&
    (v.endpoint === null || (isRecord(v.endpoint) && typeof v.endpoint.host === 'string' && (v.endpoint.port === null || isInt(v.endpoint.port)) && (v.endpoint.url === null || typeof v.endpoint.url === 'string')))
  );
}

function isSource(v: unknown): v is OccurrenceSource {
  return isRecord(v) && typeof v.kind === 'string' && (KINDS as readonly string[]).includes(v.kind) && typeof v.label === 'string' && (v.uri === undefined || typeof v.uri === 'string');
}

/** Validates arguments that may come from a command URI. */
export function parseExplainArgs(v: unknown): ExplainArgs | null {
  if (!isRecord(v)) return null;
  if (typeof v.occurrenceId === 'string') return { occurrenceId: v.occurrenceId };
  if (isFinding(v.finding) && isSource(v.source)) return { finding: v.finding, source: v.source };
  if (typeof v.documentUri === 'string' && isInt(v.line) && v.line >= 0) return { documentUri: v.documentUri, line: v.line };
  return null;
}

/** Records (when needed) and selects the occurrence, then shows the panel. */
export async function explain(services: Services, args: ExplainArgs): Promise<Occurrence | undefined> {
  let occurrence: Occurrence | undefined;
  if ('occurrenceId' in args) occurrence = services.occurrences.get(args.occurrenceId);
  else if ('finding' in args) occurrence = services.occurrences.add(args.source, [args.finding], { byUser: true })[0];
  else {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.documentUri, true));
    if (args.line >= doc.lineCount) return undefined;
    const finding = findingAtLine({ lineCount: doc.lineCount, lineAt: (i) => doc.lineAt(i).text }, args.line);
    if (finding) occurrence = services.occurrences.add(documentSource(doc), [finding], { byUser: true })[0];
  }
  if (!occurrence) return undefined;
  services.occurrences.select(occurrence.id);
  await vscode.commands.executeCommand(Commands.showPanel);
  return occurrence;
}

/**
 * Commands the editor surfaces link to. `probeEndpoint` is registered by the probe feature
 * (probe-command.ts), `insertFix` by the fix feature (code-actions.ts).
 */
export function registerOccurrenceCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.explainOccurrence, (raw: unknown) => {
      const args = parseExplainArgs(raw);
      if (!args) {
        services.log.warn('explainOccurrence: ignored malformed arguments');
        return undefined;
      }
      return explain(services, args).then((o) => o?.id);
    }),
    vscode.commands.registerCommand(Commands.clearOccurrences, () => services.occurrences.remove()),
  );
}
