import { checkEnvironment, formatEnvironment } from '../core/probe';
import { EXIT, UsageError, type CliCommand } from './io';

/** `connection-doctor doctor [--json]`: runtimes on PATH, interface MTUs, proxy variables. */
export const doctorCommand: CliCommand = async (args, io) => {
  let json = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else throw new UsageError(`doctor: unknown option '${a}'\nusage: connection-doctor doctor [--json]`);
  }
  const report = await checkEnvironment();
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatEnvironment(report));
  return EXIT.ok;
};
