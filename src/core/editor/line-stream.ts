/**
 * Detection over text that arrives in chunks (terminal command output, debug console events):
 * complete lines are scanned as they come, a partial line waits for its end, ANSI escapes are
 * removed, and line numbers count from the start of the stream.
 */
import { detect, stripAnsi } from '../detect';
import type { Finding } from '../types';

/** A partial line longer than this is scanned as if it had ended (progress bars never send '\n'). */
const MAX_PENDING_CHARS = 64 * 1024;

export class LineStream {
  private pending = '';
  private linesDone = 0;

  /** Findings in the lines `chunk` completes. */
  push(chunk: string): Finding[] {
    const text = this.pending + chunk;
    const lastNl = text.lastIndexOf('\n');
    if (lastNl < 0) {
      this.pending = text;
      return this.pending.length > MAX_PENDING_CHARS ? this.end() : [];
    }
    this.pending = text.slice(lastNl + 1);
    return this.scan(text.slice(0, lastNl));
  }

  /** Findings in what is left (the stream ended without a final newline). */
  end(): Finding[] {
    const rest = this.pending;
    this.pending = '';
    return rest.length > 0 ? this.scan(rest) : [];
  }

  private scan(block: string): Finding[] {
    const firstLine = this.linesDone + 1;
    let lines = 1;
    for (let i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) lines++;
    this.linesDone += lines;
    return detect(stripAnsi(block), { firstLine });
  }
}
