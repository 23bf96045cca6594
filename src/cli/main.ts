import { setFlagsFromString } from 'node:v8';
import { EXIT, UsageError, processIo, type CliCommand, type CliIo } from './io';

const USAGE = `usage: connection-doctor <command> [options]

commands:
  scan [--json] FILE...        find network errors in logs ('-' reads stdin)
  explain [--json]             explain the errors in text read from stdin
  probe URL [options]          measure an endpoint: DNS, TCP, TLS, HTTP, keep-alive
  fix FILE --list|--fix ID     list or apply client configuration fixes
  doctor [--json]              check the local environment (runtimes, MTU, proxies)
`;

/** Commands load lazily so that `scan` never pays for undici or tree-sitter. */
const commands: Record<string, () => Promise<CliCommand>> = {
  scan: async () => (await import('./scan')).scanCommand,
  explain: async () => (await import('./explain')).explainCommand,
  probe: async () => (await import('./probe')).probeCommand,
  fix: async () => (await import('./fix')).fixCommand,
  doctor: async () => (await import('./doctor')).doctorCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr(`connection-doctor: unknown command '${name}'\n${USAGE}`);
    return EXIT.usage;
  }
  if (name === 'probe' || name === 'doctor') {
    // undici parses HTTP with a WebAssembly module. V8 re-compiles it with its optimizing tier in
    // the background, and Node waits for that work before the process may exit: about as long as
    // the whole probe of a fast server. A one-shot CLI process gains nothing from the optimized
    // code, so it keeps the baseline compiler's output. The flag must be set before undici loads.
    setFlagsFromString('--liftoff-only');
    // And V8 compiles that baseline code function by function on first call, by default: in a
    // one-shot process the first call is inside the probe's measured window (about 1 ms). The
    // probe compiles the parser ahead of its clock (prepareHttpParser); this makes that compile
    // complete instead of leaving most of it to the first response.
    setFlagsFromString('--no-wasm-lazy-compilation');
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`connection-doctor: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
