/**
 * `connection-doctor fix FILE --list [--json]`
 * `connection-doctor fix FILE --fix ID [--lang go|php|node] [--server-idle-ms N] [--write]`
 * Exit 0 applied (or listed), 3 nothing applicable (reason on stderr), 2 bad usage or unparseable file.
 */
import { chmod, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FIX_IDS, type FixParams } from '../core/types';
import { EXIT, UsageError, type CliCommand } from './io';

const USAGE = 'usage: connection-doctor fix FILE --list [--json] | fix FILE --fix ID [--lang go|php|node] [--server-idle-ms N] [--write]';

interface FixArgs {
  file: string;
  list: boolean;
  json: boolean;
  fix: string | null;
  lang: 'go' | 'php' | 'node' | null;
  serverIdleMs: number | null;
  write: boolean;
}

function parseArgs(argv: string[]): FixArgs {
  const out: FixArgs = { file: '', list: false, json: false, fix: null, lang: null, serverIdleMs: null, write: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (): string => inline ?? value(i++, flag);
    switch (flag) {
      case '--list': out.list = true; break;
      case '--json': out.json = true; break;
      case '--write': out.write = true; break;
      case '--fix': out.fix = take(); break;
      case '--lang': {
        const l = take();
        if (l !== 'go' && l !== 'php' && l !== 'node') throw new UsageError(`--lang must be go, php or node, not '${l}'`);
        out.lang = l;
        break;
      }
      case '--server-idle-ms': {
        const v = take();
        const n = Number(v);
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--server-idle-ms must be a positive whole number of milliseconds, not '${v}'`);
        out.serverIdleMs = n;
        break;
      }
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option '${a}'\n${USAGE}`);
        if (out.file !== '') throw new UsageError(`one FILE only\n${USAGE}`);
        out.file = a;
    }
  }
  if (out.file === '') throw new UsageError(`missing FILE\n${USAGE}`);
  if (out.list === (out.fix !== null)) throw new UsageError(`give exactly one of --list or --fix ID\n${USAGE}`);
  if (out.fix !== null && !(FIX_IDS as readonly string[]).includes(out.fix)) throw new UsageError(`unknown fix '${out.fix}' (known: ${FIX_IDS.join(', ')})`);
  if (out.list && out.write) throw new UsageError('--write goes with --fix, not --list');
  return out;
}

/**
 * Writes through a temporary file in the same directory and renames it over the target, keeping its
 * mode. A symlink is followed (the link stays a link), and nothing is written when the file changed
 * since it was read (`original`): an editor saving meanwhile must not lose its work.
 */
async function writeAtomically(link: string, text: string, original: Buffer): Promise<void> {
  const file = await realpath(link);
  const { mode } = await stat(file);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { mode });
    await chmod(tmp, mode);
    if (!(await readFile(file)).equals(original)) throw new UsageError(`${link} changed while the fix was prepared; nothing was written`);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

export const fixCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  const engine = await import('../core/fixes/index');
  const dialect = args.lang ? engine.dialectFor(args.lang, args.file) : engine.languageForPath(args.file);
  if (!dialect) throw new UsageError(`cannot tell the language of '${args.file}' from its name; pass --lang go|php|node`);
  let bytes: Buffer;
  try {
    bytes = await readFile(args.file);
  } catch (err) {
    throw new UsageError(`cannot read '${args.file}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let source: string;
  try {
    // Strict: a file in another encoding would come back with U+FFFD wherever its bytes were not UTF-8.
    source = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError(`'${args.file}' is not valid UTF-8; the fix engine edits UTF-8 files only, so nothing was changed`);
  }
  const params: FixParams = args.serverIdleMs !== null ? { serverIdleMs: args.serverIdleMs } : {};
  const syntax = await engine.syntaxError(source, dialect);
  if (syntax !== null) {
    io.stderr(`connection-doctor: ${args.file}: ${syntax}\n`);
    return EXIT.usage;
  }
  if (args.list) {
    const offers = await engine.listFixes(source, dialect, params);
    if (args.json) io.stdout(`${JSON.stringify(offers.map((o) => ({ fix: o.fix, siteIndex: o.siteIndex, title: o.title, description: o.description, site: o.site })), null, 2)}\n`);
    else {
      for (const o of offers) {
        io.stdout(`${args.file}:${o.site.range.start.line + 1}:${o.site.range.start.character + 1}  ${o.fix}  ${o.title}\n    ${o.site.description}\n`);
      }
    }
    if (offers.length === 0) {
      const sites = await engine.findSites(source, dialect);
      io.stderr(`connection-doctor: ${args.file}: ${sites.length === 0 ? 'no HTTP client or request found' : `${sites.length} site(s) found, all already configured`}\n`);
      return EXIT.nothingApplicable;
    }
    return EXIT.ok;
  }
  const r = await engine.applyFix(source, dialect, args.fix as (typeof FIX_IDS)[number], params);
  if (!r.ok) {
    io.stderr(`connection-doctor: ${args.file}: ${r.reason}\n`);
    return r.code === 'unparseable' || r.code === 'bad-input' ? EXIT.usage : EXIT.nothingApplicable;
  }
  if (r.edits.length === 0) io.stderr(`connection-doctor: ${args.file}: ${args.fix} is already in place; nothing changed\n`);
  if (args.write) {
    if (r.edits.length > 0) await writeAtomically(args.file, r.output, bytes);
    io.stderr(`connection-doctor: ${args.file}: ${r.edits.length} edit(s) written\n`);
  } else io.stdout(r.output);
  return EXIT.ok;
};
