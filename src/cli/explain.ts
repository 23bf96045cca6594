import { UsageError, type CliCommand } from './io';

/** Placeholder until the explain command is built on the core. */
export const explainCommand: CliCommand = (_args) => Promise.reject(new UsageError('explain: not available in this build yet'));
