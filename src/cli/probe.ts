import { formatReport, parseProbeUrl, probe, type ProbeOptions } from '../core/probe';
import { EXIT, UsageError, terminalSafe, type CliCommand } from './io';

const USAGE = 'usage: connection-doctor probe URL [--json] [--idle] [--max-idle SECONDS] [--reuse N] [--timeout MS] [--post-body BYTES] [--expect-continue] [--insecure] [--large-request]';

function count(flag: string, value: string | undefined, min: number): number {
  if (value === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag}: '${value}' is not a number >= ${min}`);
  return n;
}

export interface ProbeArgs {
  url: string;
  json: boolean;
  options: ProbeOptions;
}

/** Parses the probe command line (exact contract in issue 4); throws UsageError on bad usage. */
export function parseProbeArgs(args: string[]): ProbeArgs {
  const options: ProbeOptions = {};
  let json = false;
  let url: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--json': json = true; break;
      case '--idle': options.idle = true; break;
      case '--insecure': options.insecure = true; break;
      case '--expect-continue': options.expectContinue = true; break;
      case '--large-request': options.largeRequest = true; break;
      case '--max-idle': options.maxIdleMs = count(flag, value(), 0.1) * 1000; break;
      case '--reuse': options.reuse = Math.floor(count(flag, value(), 0)); break;
      case '--timeout': options.timeoutMs = count(flag, value(), 1); break;
      case '--post-body': options.postBodyBytes = Math.floor(count(flag, value(), 1)); break;
      case '-h':
      case '--help':
        throw new UsageError(USAGE);
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`probe: unknown option '${a}'\n${USAGE}`);
        if (url !== null) throw new UsageError(`probe: more than one URL given\n${USAGE}`);
        url = a;
    }
  }
  if (url === null) throw new UsageError(`probe: no URL given\n${USAGE}`);
  const parsed = parseProbeUrl(url);
  if (!parsed.ok) throw new UsageError(`probe: ${parsed.message}`);
  return { url: parsed.url.toString(), json, options };
}

/** `connection-doctor probe`: exit 0 whenever the probe ran, even if the endpoint is broken. */
export const probeCommand: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const { url, json, options } = parseProbeArgs(args);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await probe(url, options, controller.signal, json ? undefined : (p) => io.stderr(terminalSafe(`  ${p.phase}: ${p.message}\n`)));
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : terminalSafe(formatReport(report)));
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
};
