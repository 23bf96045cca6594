/**
 * `scan` of one large file on two cores: this thread scans the first half, a worker thread the
 * second, and the two are joined at a line where neither had a trace open, so the findings are
 * exactly those of one sequential scan, in the same order.
 *
 * The first half is scanned a little past the middle (the overlap). The join line is the first
 * line of the overlap at which neither detector was inside a trace: from there on both are in
 * the same (empty) state and read the same text, so the worker's findings from that line on are
 * the sequential scan's. When there is no such line, or the worker finds too many errors to hold,
 * or fails, this thread simply goes on to the end of the file alone.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { looksBinary, scanStream, type ScanStreamResult } from '../core/detect';
import { exportKeywordTables, importKeywordTables, type KeywordTables } from '../core/signatures';
import type { Finding } from '../core/types';
import { fileChunks } from './file-chunks';
import { workerScript } from './worker-script';

/** Files smaller than this are scanned on one thread (a worker costs tens of milliseconds). */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** Bytes the first half is scanned past the middle. */
const OVERLAP_BYTES = 512 << 10;
/** Findings the worker holds before it gives up (and this thread scans its half instead). */
const MAX_WORKER_FINDINGS = 50_000;
/** The worker's young generation: a small one keeps the process's peak memory down. */
const WORKER_YOUNG_MB = 2;

/** What the worker is asked to do. */
export interface ScanPartRequest {
  connectionDoctor: 'scan-part';
  file: string;
  /** Byte range [start, end); `start` is a line start. */
  start: number;
  end: number;
  /** End of the overlap (a line start after `start`). */
  overlapEnd: number;
  maxFindings: number;
  /** The keyword automata, in shared memory: the worker does not build its own. */
  tables: KeywordTables;
}

/** What it answers. Line numbers are relative to `start` (its line is 1). */
export type ScanPartReply =
  | { ok: true; findings: Finding[]; openLines: number[]; overlapNewlines: number; lines: number; matcherLines: number; matcherChars: number }
  | { ok: false; reason: string };


/** The offset just after the first line break at or after `from` (or `size`). */
function nextLineStart(fd: number, from: number, size: number): number {
  const buf = Buffer.allocUnsafe(64 << 10);
  for (let at = from; at < size; ) {
    const n = readSync(fd, buf, 0, buf.length, at);
    if (n === 0) break;
    const i = buf.subarray(0, n).indexOf(10);
    if (i !== -1) return at + i + 1;
    at += n;
  }
  return size;
}

const countByte = (buf: Buffer, byte: number): number => {
  let n = 0;
  for (let i = buf.indexOf(byte); i !== -1; i = buf.indexOf(byte, i + 1)) n++;
  return n;
};

/**
 * Scans `file` on two threads when it is large enough and this machine has two cores; returns
 * null when it should be scanned the ordinary way (small, not plain UTF-8, no worker script).
 */
export async function scanFileParallel(file: string, onFinding: (f: Finding) => void, debug?: (message: string) => void): Promise<ScanStreamResult | null> {
  const script = workerScript();
  if (script === null || availableParallelism() < 2 || process.env.CONNECTION_DOCTOR_SCAN_THREADS === '1') return null;
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    if (!stat.isFile() || size < PARALLEL_MIN_BYTES) return null;
    // Byte-order marks and binary content take the ordinary path, which reports them.
    const head = Buffer.alloc(8192);
    const headBytes = readSync(fd, head, 0, head.length, 0);
    const h = head.subarray(0, headBytes);
    if ((h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) || (h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff) || looksBinary(h)) return null;
    const middle = nextLineStart(fd, size >> 1, size);
    const overlapEnd = nextLineStart(fd, Math.min(size, middle + OVERLAP_BYTES), size);
    if (middle >= size || overlapEnd >= size) return null;
    return await joinHalves(script, fd, file, size, middle, overlapEnd, onFinding, debug);
  } finally {
    closeSync(fd);
  }
}

async function joinHalves(script: string, fd: number, file: string, size: number, middle: number, overlapEnd: number, onFinding: (f: Finding) => void, debug?: (message: string) => void): Promise<ScanStreamResult> {
  const request: ScanPartRequest = { connectionDoctor: 'scan-part', file, start: middle, end: size, overlapEnd, maxFindings: MAX_WORKER_FINDINGS, tables: exportKeywordTables() };
  // This thread uses the shared copies too, so that its own can go.
  importKeywordTables(request.tables);
  const worker = new Worker(script, { workerData: request, stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const reply = new Promise<ScanPartReply>((resolve) => {
    worker.once('message', (m: ScanPartReply) => resolve(m));
    worker.once('error', (err: Error) => resolve({ ok: false, reason: err.message }));
    worker.once('exit', (code) => resolve({ ok: false, reason: `worker exited with ${code}` }));
  });

  // This thread's findings at or after the middle wait for the join line.
  let holding = false;
  const held: Finding[] = [];
  let inOverlap = false;
  const openLines = new Set<number>();
  const progress = { lines: 0 };
  let joined: { line: number; reply: Extract<ScanPartReply, { ok: true }>; middleLine: number } | null = null;

  async function* firstHalf(): AsyncGenerator<Buffer> {
    yield* fileChunks(fd, 0, middle);
    holding = true;
    inOverlap = true;
    yield* fileChunks(fd, middle, overlapEnd);
    inOverlap = false;
    // Every line before overlapEnd has been scanned here (it is a line start): wait for the worker.
    const r = await reply;
    if (r.ok) {
      const middleLine = progress.lines - r.overlapNewlines + 1;
      const workerOpen = new Set(r.openLines);
      for (let line = middleLine; line < middleLine + r.overlapNewlines; line++) {
        if (openLines.has(line) || workerOpen.has(line - middleLine + 1)) continue;
        joined = { line, reply: r, middleLine };
        debug?.(`two threads, split at byte ${middle} (line ${middleLine}), joined at line ${line}`);
        return;
      }
    }
    debug?.(`two threads, no join (${r.ok ? 'a trace open at every line of the overlap' : r.reason}): this thread scans the rest`);
    // No join: this thread scans the rest itself.
    void worker.terminate();
    for (const f of held) onFinding(f);
    held.length = 0;
    holding = false;
    yield* fileChunks(fd, overlapEnd, size);
  }

  const result = await scanStream(
    firstHalf(),
    (f) => {
      if (holding) held.push(f);
      else onFinding(f);
    },
    {
      progress,
      onOpenLine: (line) => {
        if (inOverlap) openLines.add(line);
      },
    },
  );
  const join = joined as { line: number; reply: Extract<ScanPartReply, { ok: true }>; middleLine: number } | null;
  if (join === null) return result;
  const shift = join.middleLine - 1;
  for (const f of held) if (f.line < join.line) onFinding(f);
  let findings = held.filter((f) => f.line < join.line).length + result.findings - held.length;
  for (const f of join.reply.findings) {
    if (f.line + shift < join.line) continue;
    onFinding({ ...f, line: f.line + shift, endLine: f.endLine + shift });
    findings++;
  }
  return {
    bytes: size,
    lines: shift + join.reply.lines,
    findings,
    skipped: null,
    encoding: 'utf-8',
    matcherLines: result.matcherLines + join.reply.matcherLines,
    matcherChars: result.matcherChars + join.reply.matcherChars,
  };
}

/** The worker's side: scans its range and answers once. */
export async function runScanPart(req: ScanPartRequest, post: (reply: ScanPartReply) => void): Promise<void> {
  importKeywordTables(req.tables);
  const fd = openSync(req.file, 'r');
  try {
    const overlap = Buffer.allocUnsafe(req.overlapEnd - req.start);
    const n = readSync(fd, overlap, 0, overlap.length, req.start);
    const overlapNewlines = countByte(overlap.subarray(0, n), 10);
    const findings: Finding[] = [];
    const openLines: number[] = [];
    let overflow = false;
    // Stops reading once there are more findings than the caller will take.
    function* chunks(): Generator<Buffer> {
      for (const chunk of fileChunks(fd, req.start, req.end)) {
        if (overflow) return;
        yield chunk;
      }
    }
    const result = await scanStream(
      chunks(),
      (f) => {
        if (findings.length >= req.maxFindings) overflow = true;
        else findings.push(f);
      },
      {
        continuation: true,
        onOpenLine: (line) => {
          if (line <= overlapNewlines) openLines.push(line);
        },
      },
    );
    if (overflow) post({ ok: false, reason: 'too many findings to hold' });
    else post({ ok: true, findings, openLines, overlapNewlines, lines: result.lines, matcherLines: result.matcherLines, matcherChars: result.matcherChars });
  } catch (err) {
    post({ ok: false, reason: err instanceof Error ? err.message : String(err) });
  } finally {
    closeSync(fd);
  }
}
