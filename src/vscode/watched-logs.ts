import * as path from 'node:path';
import { watch, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { onDidChangeConfig, readConfig } from './config';
import type { Services } from './services';
import { LogFollowers, type FollowRead } from '../core/editor/log-follow';
import { globBase, globToRegExp } from '../core/editor/glob';

/** Directories never descended into when listing files that match a glob. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Bound on the directory walk that finds existing files for one glob. */
const MAX_WALK_ENTRIES = 20_000;
/** A stat of every followed file this often (ms) catches what file events missed (network mounts,
 * inotify queue overflow); a stat of an unchanged file reads nothing. */
const SAFETY_POLL_MS = 5000;

export interface WatchedRead extends FollowRead {
  occurrenceIds: string[];
}

interface Target {
  /** The literal directory the glob starts from, and the rest of the glob below it. */
  base: string;
  rest: string;
  matcher: RegExp;
}

/**
 * Follows the log files named by `connectionDoctor.watchedLogs` as they grow. File-system events
 * trigger a stat and a read of the appended bytes only; rotation and truncation are handled by the
 * followers (by inode and size), so a rotated file is never read twice.
 */
export class WatchedLogs extends Disposable {
  private readonly followers = new LogFollowers();
  private watchers: vscode.Disposable[] = [];
  private targets: Target[] = [];
  private readonly readEmitter = this._register(new vscode.EventEmitter<WatchedRead>());
  private readonly readyEmitter = this._register(new vscode.EventEmitter<string[]>());
  /** Fires after each read of a followed file (tests wait on it). */
  readonly onDidRead = this.readEmitter.event;
  /** Fires with the followed paths when the setting has been applied. */
  readonly onDidApply = this.readyEmitter.event;

  constructor(private readonly services: Services) {
    super();
    this._register({ dispose: () => this.disposeWatchers() });
    this._register(onDidChangeConfig((c) => {
      // Any of our settings changing fires this: re-apply only when the globs did change.
      if (c.watchedLogs.join('\n') !== this.applied) this.apply(c.watchedLogs);
    }));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.apply(readConfig().watchedLogs)));
    this.apply(readConfig().watchedLogs);
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
  }

  get followed(): string[] {
    return this.followers.paths;
  }

  private applied = '';

  private apply(globs: string[]): void {
    this.applied = globs.join('\n');
    this.disposeWatchers();
    this.watchers = [];
    this.targets = this.resolve(globs);
    // Node's fs.watch rather than a FileSystemWatcher: the globs may name files outside the
    // workspace, where VS Code's watcher reports nothing.
    for (const t of this.targets) {
      try {
        const w = watch(t.base, { recursive: t.rest.includes('/'), persistent: false }, (_event, name) => {
          if (typeof name === 'string') this.onEvent(path.join(t.base, name), true);
          else for (const p of this.followers.paths) this.onEvent(p, false);
        });
        w.on('error', (e) => this.services.log.warn(`watched logs: ${t.base}: ${e.message}`));
        this.watchers.push({ dispose: () => w.close() });
      } catch (e) {
        this.services.log.warn(`watched logs: cannot watch ${t.base}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (this.targets.length > 0) {
      const timer = setInterval(() => {
        for (const p of this.followers.paths) this.onEvent(p, false);
      }, SAFETY_POLL_MS);
      timer.unref();
      this.watchers.push({ dispose: () => clearInterval(timer) });
    }
    for (const p of this.followers.paths) if (!this.matches(p)) this.followers.remove(p);
    this.discover().then(
      () => this.readyEmitter.fire(this.followers.paths),
      (e: unknown) => this.services.log.warn(`watched logs: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  /** Globs made absolute: relative ones apply to each workspace folder. */
  private resolve(globs: string[]): Target[] {
    const out: Target[] = [];
    for (const g of globs) {
      const norm = g.replace(/\\/g, '/');
      const roots = path.isAbsolute(norm) ? [''] : (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath.replace(/\\/g, '/'));
      for (const root of roots) {
        const full = root ? `${root.replace(/\/$/, '')}/${norm.replace(/^\.\//, '')}` : norm;
        const { base, rest } = globBase(full);
        out.push({ base, rest, matcher: globToRegExp(full) });
      }
    }
    return out;
  }

  private matches(p: string): boolean {
    const norm = p.replace(/\\/g, '/');
    return this.targets.some((t) => t.matcher.test(norm));
  }

  /** Files that already exist are followed from their current end: only what is appended counts. */
  private async discover(): Promise<void> {
    for (const t of this.targets) {
      let budget = MAX_WALK_ENTRIES;
      const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true }).catch((): Dirent[] => []);
        for (const e of entries) {
          if (--budget < 0 || this.isDisposed) return;
          const p = path.join(dir, e.name);
          if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await walk(p);
          else if (e.isFile() && this.matches(p)) await this.followers.add(p, false);
        }
      };
      await walk(t.base);
    }
  }

  private onEvent(fsPath: string, mayBeNew: boolean): void {
    if (this.isDisposed || !this.matches(fsPath)) return;
    const run = async (): Promise<void> => {
      // A file that appears after following began is new content: read it from the top.
      if (mayBeNew && !this.followers.has(fsPath)) await this.followers.add(fsPath, true);
      const read = await this.followers.poll(fsPath);
      if (read.reason === 'missing' || (read.reason === 'unchanged' && !mayBeNew)) return;
      const ids = this.services.occurrences.add({ kind: 'logFile', label: vscode.workspace.asRelativePath(fsPath, false), uri: vscode.Uri.file(fsPath).toString(), runId: read.fileId ?? undefined }, read.findings).map((o) => o.id);
      if (read.reason === 'rotated' || read.reason === 'truncated') this.services.log.info(`watched log ${fsPath} was ${read.reason}; reading the new content from the top`);
      this.readEmitter.fire({ ...read, occurrenceIds: ids });
    };
    run().catch((e: unknown) => this.services.log.warn(`watched log ${fsPath}: ${e instanceof Error ? e.message : String(e)}`));
  }
}

export function registerWatchedLogs(context: vscode.ExtensionContext, services: Services): WatchedLogs {
  const watched = new WatchedLogs(services);
  context.subscriptions.push(watched);
  return watched;
}
