/**
 * Incremental scanning: `StreamDetector` for text arriving in chunks (terminal output, a log
 * being written), and `scanStream` for files and pipes of any size in constant memory.
 */
import { TextDecoder } from 'node:util';
import { createByteScanner, createLowerCasePrefilter, createPrefilter } from '../signatures';
import type { Finding } from '../types';
import { LineDetector } from './line-detector';
import { scanByteLines } from './scan-bytes';
import { WINDOW_THRESHOLD, scanLines, type LineSource } from './scan-lines';

/** Lines longer than this are cut into pieces of this size (UTF-16 units or bytes). */
export const MAX_LINE = 1 << 20;

/**
 * Compiled on first use (activation does not pay for them) and then shared: scans are
 * synchronous and set `lastIndex` before every use.
 */
let textPrefilter: RegExp | null = null;
let lowerCasePrefilter: RegExp | null = null;

/**
 * What to search in a JS string: a lower-cased copy with the case-sensitive prefilter (faster),
 * or, when lower-casing changes the length (U+0130 becomes two units) and so the offsets, the
 * text itself with the case-insensitive one. Lines are always cut from the original.
 */
export function searchable(text: string): { source: LineSource; prefilter: RegExp } {
  const lower = text.toLowerCase();
  const slice = (a: number, b: number): string => text.slice(a, b);
  return lower.length === text.length
    ? { source: { text: lower, slice }, prefilter: (lowerCasePrefilter ??= createLowerCasePrefilter()) }
    : { source: { text, slice }, prefilter: (textPrefilter ??= createPrefilter()) };
}

/**
 * Feed text as it arrives; each call returns the findings completed so far. Lines split across
 * chunks, CRLF, ANSI escapes and traces spanning chunks are handled. A finding is returned once
 * the line after it shows whether its trace goes on, or at `end()`.
 */
export class StreamDetector {
  private readonly det = new LineDetector();
  private carry = '';
  private nextLine: number;
  /** The last line scanned, when the next text continues it. */
  private before: string | null = null;

  constructor(options: { firstLine?: number } = {}) {
    this.nextLine = options.firstLine ?? 1;
  }

  push(chunk: string): Finding[] {
    const out: Finding[] = [];
    let text = this.carry + chunk;
    const lastNl = text.lastIndexOf('\n');
    if (lastNl === -1) {
      this.carry = text;
      if (this.carry.length > MAX_LINE) this.flushPiece(out);
      return out;
    }
    this.carry = text.slice(lastNl + 1);
    text = text.slice(0, lastNl + 1);
    this.nextLine += this.scan(text.slice(0, -1), this.nextLine, out);
    if (this.carry.length > MAX_LINE) this.flushPiece(out);
    return out;
  }

  /**
   * Reports a trace that is still open as finished, without ending the input: for callers that
   * see output stop (a terminal gone quiet) and cannot wait for the next line. An unfinished last
   * line stays buffered.
   */
  flush(): Finding[] {
    return this.det.end();
  }

  /** Ends the input: scans the last line and closes any open trace. */
  end(): Finding[] {
    const out: Finding[] = [];
    if (this.carry.length > 0) {
      this.scan(this.carry, this.nextLine, out);
      this.carry = '';
      this.nextLine++;
    }
    out.push(...this.det.end());
    return out;
  }

  private scan(text: string, firstLine: number, out: Finding[]): number {
    const { source, prefilter } = searchable(text);
    const lines = scanLines(source, this.det, prefilter, firstLine, (f) => out.push(f), this.before);
    // The last line, for signatures of the next text's first line that look back.
    const last = text.lastIndexOf('\n') + 1;
    this.before = text.length - last <= WINDOW_THRESHOLD ? text.slice(last) : null;
    return lines;
  }

  /** An overlong unfinished line: scan a piece now rather than hold it. */
  private flushPiece(out: Finding[]): void {
    const piece = this.carry.slice(0, MAX_LINE);
    this.carry = this.carry.slice(MAX_LINE);
    this.scan(piece, this.nextLine, out);
    out.push(...this.det.end());
    this.before = null;
  }
}

export interface ScanStreamOptions {
  /** Bytes read before deciding the input is binary (default 8 KiB). */
  sniffBytes?: number;
  /** Longest line piece in bytes (default 1 MiB). */
  maxLineBytes?: number;
}

export interface ScanStreamResult {
  bytes: number;
  lines: number;
  findings: number;
  /** Why the input was not scanned (binary content), or null. */
  skipped: string | null;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Work counters of the matcher (lines and characters it examined). */
  matcherLines: number;
  matcherChars: number;
}

/** True when a sniffed prefix looks binary: NUL bytes, or many control characters. */
function looksBinary(b: Buffer): boolean {
  let control = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 8 || (c > 13 && c < 27 && c !== 26) || (c > 27 && c < 32)) control++;
  }
  return b.length > 0 && control / b.length > 0.1;
}

/**
 * Scans a byte stream (a file, stdin) for findings in constant memory. UTF-8 is searched as raw
 * bytes; UTF-16 (by BOM) is transcoded first. Binary input is skipped with a reason.
 */
export async function scanStream(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, onFinding: (f: Finding) => void, opts: ScanStreamOptions = {}): Promise<ScanStreamResult> {
  const sniffBytes = opts.sniffBytes ?? 8192;
  const maxLine = opts.maxLineBytes ?? MAX_LINE;
  const det = new LineDetector();
  const scanner = createByteScanner();
  const result: ScanStreamResult = { bytes: 0, lines: 0, findings: 0, skipped: null, encoding: 'utf-8', matcherLines: 0, matcherChars: 0 };
  const emit = (f: Finding): void => {
    result.findings++;
    onFinding(f);
  };
  let decoder: TextDecoder | null = null;
  let head: Buffer | null = Buffer.alloc(0);
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 1;

  // The last line of the previous chunk, for signatures that look at the line before theirs.
  let before: Buffer | null = null;
  const scanBytes = (buf: Buffer): void => {
    lineNo += scanByteLines(buf, det, scanner, lineNo, emit, before);
    const last = buf.lastIndexOf(10) + 1;
    before = buf.length - last <= WINDOW_THRESHOLD ? Buffer.from(buf.subarray(last)) : null;
  };
  // Pieces of an unfinished line, joined only when the line ends or grows past maxLine, so an
  // endless line costs one copy per piece rather than one per chunk.
  let parts: Buffer[] = [];
  let partsLength = 0;
  const process = (bytes: Buffer): void => {
    const lastNl = bytes.lastIndexOf(10);
    if (lastNl === -1) {
      // A copy: the caller may reuse its buffer for the next chunk.
      parts.push(Buffer.from(bytes));
      partsLength += bytes.length;
      if (carry.length + partsLength <= maxLine) return;
      carry = Buffer.concat([carry, ...parts]);
      parts = [];
      partsLength = 0;
    } else {
      if (partsLength) {
        carry = Buffer.concat([carry, ...parts]);
        parts = [];
        partsLength = 0;
      }
      const firstNl = bytes.indexOf(10);
      if (carry.length) {
        scanBytes(Buffer.concat([carry, bytes.subarray(0, firstNl)]));
        if (lastNl > firstNl) scanBytes(bytes.subarray(firstNl + 1, lastNl));
      } else {
        scanBytes(bytes.subarray(0, lastNl));
      }
      carry = Buffer.from(bytes.subarray(lastNl + 1));
    }
    while (carry.length > maxLine) {
      scanBytes(carry.subarray(0, maxLine));
      lineNo--; // the piece was not a whole line
      for (const f of det.end()) emit(f);
      before = null;
      carry = Buffer.from(carry.subarray(maxLine));
    }
  };
  const start = (first: Buffer): boolean => {
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
      process(first.subarray(3));
    } else if (first[0] === 0xff && first[1] === 0xfe) {
      result.encoding = 'utf-16le';
      decoder = new TextDecoder('utf-16le');
      process(Buffer.from(decoder.decode(first.subarray(2), { stream: true }), 'utf8'));
    } else if (first[0] === 0xfe && first[1] === 0xff) {
      result.encoding = 'utf-16be';
      decoder = new TextDecoder('utf-16be');
      process(Buffer.from(decoder.decode(first.subarray(2), { stream: true }), 'utf8'));
    } else if (looksBinary(first.subarray(0, sniffBytes))) {
      result.skipped = 'binary content (NUL or control bytes in the first bytes)';
      return false;
    } else {
      process(first);
    }
    return true;
  };

  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    result.bytes += buf.length;
    if (head !== null) {
      head = Buffer.concat([head, buf]);
      if (head.length < sniffBytes) continue;
      const first = head;
      head = null;
      if (!start(first)) break;
      continue;
    }
    process(decoder ? Buffer.from((decoder as TextDecoder).decode(buf, { stream: true }), 'utf8') : buf);
  }
  if (head !== null && head.length > 0 && !start(head)) head = null;
  if (result.skipped === null) {
    if (decoder) process(Buffer.from((decoder as TextDecoder).decode(), 'utf8'));
    if (partsLength) carry = Buffer.concat([carry, ...parts]);
    if (carry.length) scanBytes(carry);
    for (const f of det.end()) emit(f);
  }
  result.lines = lineNo - 1;
  result.matcherLines = det.stats.linesMatched;
  result.matcherChars = det.stats.charsMatched;
  return result;
}
