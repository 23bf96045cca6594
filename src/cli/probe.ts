import { UsageError, type CliCommand } from './io';

/** Placeholder until the probe command is built on the core. */
export const probeCommand: CliCommand = (_args) => Promise.reject(new UsageError('probe: not available in this build yet'));
