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
