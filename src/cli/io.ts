/** Exit codes of the CLI; part of its contract. */
export const EXIT = { ok: 0, usage: 2, nothingApplicable: 3 } as const;

/** A usage error: printed as `connection-doctor: <message>` and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where a command writes; tests pass their own sinks. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => NodeJS.ReadableStream;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: () => process.stdin,
};

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** What a terminal acts on rather than shows: C0 controls but tab and newline, DEL, C1 controls, and
 * the bidirectional overrides and isolates (which reorder what is shown). */
const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Human output that quotes logs or servers, made safe for a terminal: each control character is
 * shown as `\u001b` and so on instead of moving the cursor, setting the title or hiding text.
 * (Not for JSON or for file contents, which are data.)
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
