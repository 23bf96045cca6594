import { UsageError, type CliCommand } from './io';

/** Placeholder until the doctor command is built on the core. */
export const doctorCommand: CliCommand = (_args) => Promise.reject(new UsageError('doctor: not available in this build yet'));
