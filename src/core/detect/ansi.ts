/**
 * ANSI/OSC escape sequences as terminals receive them: CSI (`ESC [ ... final`, also the 8-bit
 * form), OSC (`ESC ] ... BEL` or `ESC ] ... ESC \`, hyperlinks and titles) and two-byte escapes.
 * The character classes of each part are disjoint, so matching stays linear.
 */
export const ANSI_REGEX = /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes ANSI/OSC escape sequences (terminal output) from `text`. */
export function stripAnsi(text: string): string {
  if (!text.includes('\x1b') && !text.includes('\x9b')) return text;
  return text.replace(ANSI_REGEX, '');
}

/** A line without its escape sequences, and a way back to columns of the original line. */
export interface StrippedLine {
  text: string;
  /** Offset in the original line of offset `i` in `text`. */
  toOriginal: (i: number) => number;
}

/** Like `stripAnsi` for one line, keeping the offsets so that findings point at the raw text. */
export function stripAnsiLine(line: string): StrippedLine {
  if (!line.includes('\x1b') && !line.includes('\x9b')) return { text: line, toOriginal: (i) => i };
  // cuts[k] = [offset in stripped text, characters removed before it so far]
  const cuts: [number, number][] = [];
  let removed = 0;
  const text = line.replace(ANSI_REGEX, (m: string, offset: number) => {
    removed += m.length;
    cuts.push([offset - (removed - m.length), removed]);
    return '';
  });
  return {
    text,
    toOriginal: (i) => {
      let shift = 0;
      for (const [at, total] of cuts) {
        if (at <= i) shift = total;
        else break;
      }
      return i + shift;
    },
  };
}
