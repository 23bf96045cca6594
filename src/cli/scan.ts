import { closeSync, openSync, readSync } from 'node:fs';
import { rankCauses } from '../core/causes';
import { inferCadence, scanStream } from '../core/detect';
import type { Finding } from '../core/types';
import { findingJson } from './finding-json';
import { EXIT, UsageError, terminalSafe, type CliCommand, type CliIo } from './io';

const USAGE = `usage: connection-doctor scan [--json] FILE...

Finds network errors (connection resets and their siblings) in logs of any size. '-' reads
standard input. Prints one line per finding and the most likely cause; --json prints one object:
{"findings":[...],"files":N,"bytes":N,"ms":N}.`;

interface ScanArgs {
  json: boolean;
  files: string[];
}

function parseArgs(args: string[]): ScanArgs | 'help' {
  const out: ScanArgs = { json: false, files: [] };
  let optionsDone = false;
  for (const a of args) {
    if (!optionsDone && a === '--') optionsDone = true;
    else if (!optionsDone && a === '--json') out.json = true;
    else if (!optionsDone && (a === '-h' || a === '--help')) return 'help';
    else if (!optionsDone && a.startsWith('-') && a !== '-') throw new UsageError(`scan: unknown option '${a}'\n${USAGE}`);
    else out.files.push(a);
  }
  if (out.files.length === 0) throw new UsageError(`scan: no input (give one or more files, or '-' for standard input)\n${USAGE}`);
  return out;
}

/** Bytes per read of a file. */
const READ_BYTES = 1 << 20;

/**
 * A byte stream for one operand: stdin for '-', the file otherwise. Files are read synchronously
 * (the scan is synchronous work anyway): no round trip through the thread pool per chunk. One
 * buffer serves every read: the scanner is done with a chunk, and has copied what it keeps,
 * before it asks for the next.
 */
function open(file: string, io: CliIo): AsyncIterable<Buffer | string> | Iterable<Buffer> {
  if (file === '-') return io.stdin() as AsyncIterable<Buffer | string>;
  const fd = openSync(file, 'r');
  return (function* chunks(): Generator<Buffer> {
    const buf = Buffer.allocUnsafeSlow(READ_BYTES);
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, READ_BYTES, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  })();
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'is a directory';
    if (code === 'EACCES') return 'permission denied';
    return err.message;
  }
  return String(err);
}

/** Findings kept for the overall ranking of the human output; the scan itself keeps none. */
const RANKING_SAMPLE = 10_000;


export const scanCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const started = performance.now();
  // Findings are written as they come (the JSON object is streamed), so memory stays flat
  // however many a log holds.
  const sample: Finding[] = [];
  let count = 0;
  let files = 0;
  let bytes = 0;
  let failed = false;
  if (parsed.json) io.stdout('{"findings":[');
  for (const file of parsed.files) {
    try {
      const onFinding = (finding: Finding): void => {
        if (parsed.json) io.stdout(`${count > 0 ? ',' : ''}${JSON.stringify({ file, ...findingJson(finding) })}`);
        else io.stdout(terminalSafe(`${file}:${finding.line}:${finding.column} ${finding.class} ${finding.runtime} ${finding.text}\n`));
        count++;
        if (sample.length < RANKING_SAMPLE) sample.push(finding);
      };
      const result = await scanStream(open(file, io), onFinding);
      files++;
      bytes += result.bytes;
      if (result.skipped) io.stderr(`connection-doctor: ${file}: skipped, ${result.skipped}\n`);
    } catch (err) {
      failed = true;
      io.stderr(`connection-doctor: cannot read ${file}: ${describeError(err)}\n`);
    }
  }
  const ms = Math.round(performance.now() - started);
  if (parsed.json) {
    io.stdout(`],"files":${files},"bytes":${bytes},"ms":${ms}}\n`);
  } else if (count === 0) {
    io.stdout(`no network errors found (${files} file${files === 1 ? '' : 's'}, ${bytes} bytes, ${ms} ms)\n`);
  } else {
    const top = rankCauses(sample, { cadence: inferCadence(sample) })[0];
    io.stdout(`${count} finding${count === 1 ? '' : 's'}; top cause: ${top ? `${top.id} (confidence ${top.confidence.toFixed(2)})` : 'unknown'}\n`);
  }
  return failed ? EXIT.usage : EXIT.ok;
};
