/**
 * Follows log files as they grow: each poll reads only the bytes appended since the last one and
 * runs the detector on the complete lines among them. Rotation (the path now names another file)
 * and truncation (the file shrank) restart at the top of the new content; a rotated file that
 * reappears under another followed name continues where it was, so nothing is read twice.
 */
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { detect } from '../detect';
import type { Finding } from '../types';

export type FollowReason = 'initial' | 'append' | 'rotated' | 'truncated' | 'unchanged' | 'missing';

export interface FollowRead {
  path: string;
  reason: FollowReason;
  /** Bytes read by this poll. */
  bytes: number;
  /** Findings in the complete lines read; line numbers count from the top of the current file. */
  findings: Finding[];
  /** `dev:ino` of the file read, null when missing. */
  fileId: string | null;
}

/** Bytes read per read call; a poll loops until it reaches the end of the file. */
const READ_CHUNK = 1 << 20;
/** A line longer than this is cut before detection (a binary or minified blob must not stall the host). */
const MAX_LINE_CHARS = 64 * 1024;
/** Bytes before the read position remembered to recognise a file that was truncated and then grew
 * past its old size between two polls (copytruncate rotation of a busy log): its size alone looks
 * like an append. */
const TAIL_BYTES = 64;

interface Position {
  offset: number;
  /** Complete lines consumed before `offset`. */
  lines: number;
}

class FileCursor {
  fileId: string | null = null;
  pos: Position = { offset: 0, lines: 0 };
  partial = '';
  decoder = new StringDecoder('utf8');
  /** The last bytes before `pos.offset` (up to TAIL_BYTES); empty when unknown. */
  tail: Buffer = Buffer.alloc(0);

  reset(fileId: string | null, pos: Position = { offset: 0, lines: 0 }): void {
    this.fileId = fileId;
    this.pos = { ...pos };
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    this.tail = Buffer.alloc(0);
  }
}

/** The `length` bytes of `path` that end at `end`. */
async function bytesBefore(path: string, end: number, length: number): Promise<Buffer> {
  const n = Math.min(length, end);
  if (n <= 0) return Buffer.alloc(0);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, end - n);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * A set of followed paths. `add` starts following (at the current end of an existing file, or at
 * the top when asked); `poll` reads what was appended. Files are recognised by device and inode.
 */
export class LogFollowers {
  private readonly cursors = new Map<string, FileCursor>();
  /** Last known position of files that were rotated away from a followed path, by `dev:ino`. */
  private readonly retired = new Map<string, Position>();

  get paths(): string[] {
    return [...this.cursors.keys()];
  }

  has(path: string): boolean {
    return this.cursors.has(path);
  }

  /**
   * Starts following `path`. Existing content is skipped unless `fromStart` (a file created after
   * following began is read from the top). A file already followed under another path (a rename
   * rotation into a name that also matches) continues from that position instead.
   */
  add(path: string, fromStart: boolean): Promise<void> {
    if (this.cursors.has(path)) return this.queue.get(path)?.then(() => undefined) ?? Promise.resolve();
    return this.enqueue(path, () => this.addNow(path, fromStart));
  }

  private async addNow(path: string, fromStart: boolean): Promise<void> {
    if (this.cursors.has(path)) return;
    const cursor = new FileCursor();
    this.cursors.set(path, cursor);
    const st = await stat(path).catch(() => null);
    if (!st) return;
    const id = `${st.dev}:${st.ino}`;
    const known = this.positionOf(id);
    if (known) cursor.reset(id, known);
    else if (fromStart) cursor.reset(id);
    else cursor.reset(id, { offset: st.size, lines: await countLines(path, st.size) });
    cursor.tail = await bytesBefore(path, cursor.pos.offset, TAIL_BYTES).catch(() => Buffer.alloc(0));
  }

  remove(path: string): void {
    const c = this.cursors.get(path);
    if (c?.fileId) this.retired.set(c.fileId, { ...c.pos });
    this.cursors.delete(path);
  }

  private positionOf(fileId: string): Position | null {
    for (const c of this.cursors.values()) if (c.fileId === fileId) return { ...c.pos };
    return this.retired.get(fileId) ?? null;
  }

  /** Jobs on one path run one after another (watcher events arrive in bursts). */
  private readonly queue = new Map<string, Promise<unknown>>();

  /** Reads what `path` gained since the last poll and detects in its complete lines. */
  poll(path: string): Promise<FollowRead> {
    return this.enqueue(path, () => this.pollNow(path));
  }

  /** Runs `job` after the jobs already queued for `path` (adding, polling). */
  private enqueue<T>(path: string, job: () => Promise<T>): Promise<T> {
    const prev = this.queue.get(path) ?? Promise.resolve();
    const next = prev.then(job);
    const settled = next.catch(() => undefined);
    this.queue.set(path, settled);
    void settled.then(() => {
      if (this.queue.get(path) === settled) this.queue.delete(path);
    });
    return next;
  }

  private async pollNow(path: string): Promise<FollowRead> {
    const cursor = this.cursors.get(path);
    if (!cursor) return { path, reason: 'missing', bytes: 0, findings: [], fileId: null };
    const st = await stat(path).catch(() => null);
    if (!st) return { path, reason: 'missing', bytes: 0, findings: [], fileId: cursor.fileId };
    const id = `${st.dev}:${st.ino}`;
    let reason: FollowReason = 'append';
    if (cursor.fileId === null) {
      reason = 'initial';
      cursor.reset(id, this.positionOf(id) ?? { offset: 0, lines: 0 });
    } else if (cursor.fileId !== id) {
      reason = 'rotated';
      this.retired.set(cursor.fileId, { ...cursor.pos });
      // The path names a new file: its content is new, unless that file was followed elsewhere.
      cursor.reset(id, this.positionOf(id) ?? { offset: 0, lines: 0 });
    } else if (st.size < cursor.pos.offset) {
      reason = 'truncated';
      cursor.reset(id);
    } else if (cursor.tail.length > 0 && !(await bytesBefore(path, cursor.pos.offset, cursor.tail.length)).equals(cursor.tail)) {
      reason = 'truncated';
      cursor.reset(id);
    }
    if (st.size === cursor.pos.offset) return { path, reason: reason === 'append' ? 'unchanged' : reason, bytes: 0, findings: [], fileId: id };

    const findings: Finding[] = [];
    let bytes = 0;
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, cursor.pos.offset + bytes);
        if (bytesRead === 0) break;
        bytes += bytesRead;
        const chunk = buf.subarray(0, bytesRead);
        cursor.tail = Buffer.from(bytesRead >= TAIL_BYTES ? chunk.subarray(bytesRead - TAIL_BYTES) : Buffer.concat([cursor.tail, chunk]).subarray(-TAIL_BYTES));
        this.consume(cursor, cursor.decoder.write(chunk), findings);
        if (cursor.pos.offset + bytes >= st.size) break;
      }
    } finally {
      await fh.close();
    }
    cursor.pos.offset += bytes;
    return { path, reason, bytes, findings, fileId: id };
  }

  private consume(cursor: FileCursor, text: string, out: Finding[]): void {
    const all = cursor.partial + text;
    const lastNl = all.lastIndexOf('\n');
    if (lastNl < 0) {
      cursor.partial = all.length > MAX_LINE_CHARS ? all.slice(0, MAX_LINE_CHARS) : all;
      return;
    }
    cursor.partial = all.slice(lastNl + 1);
    const lines = all.slice(0, lastNl).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l !== undefined && l.length > MAX_LINE_CHARS) lines[i] = l.slice(0, MAX_LINE_CHARS);
    }
    for (const f of detect(lines.join('\n'), { firstLine: cursor.pos.lines + 1 })) out.push(f);
    cursor.pos.lines += lines.length;
  }
}

/** Newlines in the first `size` bytes of `path` (the line number where following starts). */
async function countLines(path: string, size: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    let n = 0;
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, size - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < bytesRead; i = buf.indexOf(10, i + 1)) n++;
      pos += bytesRead;
    }
    return n;
  } finally {
    await fh.close();
  }
}
