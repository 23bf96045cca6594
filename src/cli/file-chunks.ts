import { readSync } from 'node:fs';

/** Bytes per read. */
const READ_BYTES = 1 << 20;

/**
 * Reads an open file synchronously (the scan is synchronous work anyway: no round trip through
 * the thread pool per chunk), 1 MiB at a time into one buffer: the scanner is done with a chunk,
 * and has copied what it keeps, before it asks for the next. With `start` null it reads on from
 * the current position to the end (pipes and devices too); else the range `[start, end)`.
 */
export function* fileChunks(fd: number, start: number | null = null, end = Infinity): Generator<Buffer> {
  const buf = Buffer.allocUnsafeSlow(Math.max(1, Math.min(READ_BYTES, end - (start ?? 0))));
  let at = start;
  while (at === null || at < end) {
    const n = readSync(fd, buf, 0, at === null ? buf.length : Math.min(buf.length, end - at), at);
    if (n === 0) return;
    if (at !== null) at += n;
    yield buf.subarray(0, n);
  }
}
