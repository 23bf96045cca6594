import { UsageError, type CliCommand } from './io';

/** Placeholder until the scan command is built on the core. */
export const scanCommand: CliCommand = (_args) => Promise.reject(new UsageError('scan: not available in this build yet'));
