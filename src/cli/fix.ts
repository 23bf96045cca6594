import { UsageError, type CliCommand } from './io';

/** Placeholder until the fix command is built on the core. */
export const fixCommand: CliCommand = (_args) => Promise.reject(new UsageError('fix: not available in this build yet'));
