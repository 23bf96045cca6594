/**
 * The file scanner's hot loop: `scanLines` for raw UTF-8 bytes. The keyword automaton walks the
 * bytes once, counting lines as it goes; only candidate lines (and the lines of a trace that is
 * open) are decoded and handed to the signature matcher. Long lines are matched in windows
 * around each keyword hit, as in scan-lines.ts.
 */
import type { ByteKeywordScanner } from '../signatures';
import type { Finding } from '../types';
import type { LineDetector } from './line-detector';
import { WINDOW_THRESHOLD, scanWindows } from './scan-lines';

/**
 * Scans the complete lines of `buf` (a chunk that ends where a line ends, without its final line
 * break); returns the number of lines it covered. `before` is the line before the chunk's first
 * line, when the chunk continues a stream.
 */
export function scanByteLines(buf: Buffer, det: LineDetector, scanner: ByteKeywordScanner, firstLine: number, emit: (f: Finding) => void, before: Buffer | null = null): number {
  const n = buf.length;
  const decode = (a: number, b: number): string => buf.toString('utf8', a, b);
  /** The line before the one starting at `start`, decoded only if the matcher asks for it. */
  const prevOf = (start: number) => (): string | null => {
    if (start === 0) return before !== null && before.length <= WINDOW_THRESHOLD ? before.toString('utf8') : null;
    const from = start < 2 ? 0 : buf.lastIndexOf(10, start - 2) + 1;
    return start - from <= WINDOW_THRESHOLD ? decode(from, start - 1) : null;
  };
  const hits = scanner.findAll(buf, 0, n);
  let h = 0;
  /** First byte not yet consumed (always a line start), and its line. */
  let pos = 0;
  let lineNo = firstLine;
  for (;;) {
    if (det.open) {
      // Inside a trace every line counts, candidate or not.
      if (pos > n) break;
      let end = buf.indexOf(10, pos);
      if (end === -1) end = n;
      const cut = Math.min(end, pos + WINDOW_THRESHOLD);
      for (const f of det.feed(decode(pos, cut), lineNo, 0, prevOf(pos))) emit(f);
      // An overlong line that closed the trace may hold errors of its own further on.
      if (end - pos > WINDOW_THRESHOLD && !det.open) scanWindows(det, pos, end, cut, lineNo, emit, (at) => scanner.find(buf, at, end), decode);
      pos = end + 1;
      lineNo++;
      continue;
    }
    // The next candidate line: skip hits on lines already consumed.
    while (h < hits.count && hits.pos[h]! < pos) h++;
    if (h === hits.count) break;
    const hit = hits.pos[h]!;
    lineNo = firstLine + hits.line[h]!;
    const start = buf.lastIndexOf(10, hit) + 1;
    let end = buf.indexOf(10, hit);
    if (end === -1) end = n;
    if (end - start <= WINDOW_THRESHOLD) {
      for (const f of det.feed(decode(start, end), lineNo, 0, prevOf(start))) emit(f);
    } else {
      scanWindows(det, start, end, start, lineNo, emit, (at) => scanner.find(buf, at, end), decode);
    }
    pos = end + 1;
    lineNo++;
  }
  return hits.newlines + 1;
}
