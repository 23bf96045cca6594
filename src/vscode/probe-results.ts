import * as vscode from 'vscode';
import type { ProbeReport } from '../core/types';
import { Disposable } from './disposable';

export interface ProbeResult {
  report: ProbeReport;
  finishedAt: Date;
  /** origin of the probed URL ("http://127.0.0.1:8080"): results are looked up by it. */
  origin: string;
}

/** The latest probe result per origin, newest last; feeds the panel, the quick pick and the fixes. */
export class ProbeResults extends Disposable {
  private readonly byOrigin = new Map<string, ProbeResult>();
  private readonly changed = this._register(new vscode.EventEmitter<ProbeResult>());
  readonly onDidChange = this.changed.event;

  add(report: ProbeReport, finishedAt = new Date()): ProbeResult {
    const origin = originOf(report.url) ?? report.url;
    const result = { report, finishedAt, origin };
    this.byOrigin.delete(origin);
    this.byOrigin.set(origin, result);
    while (this.byOrigin.size > 50) {
      const oldest = this.byOrigin.keys().next().value;
      if (oldest === undefined) break;
      this.byOrigin.delete(oldest);
    }
    this.changed.fire(result);
    return result;
  }

  /** The latest result for the origin of `url`. */
  forUrl(url: string): ProbeResult | undefined {
    const o = originOf(url);
    return o === null ? undefined : this.byOrigin.get(o);
  }

  /** The latest result for a host and port, whatever the scheme. */
  forHostPort(host: string, port: number | null): ProbeResult | undefined {
    const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
    for (const r of [...this.byOrigin.values()].reverse()) {
      try {
        const u = new URL(r.report.url);
        const p = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
        if (u.hostname.replace(/^\[|\]$/g, '').toLowerCase() === bare && (port === null || port === p)) return r;
      } catch {
        // unparsable URLs are never stored by the probe
      }
    }
    return undefined;
  }

  /** Newest first. */
  recent(): ProbeResult[] {
    return [...this.byOrigin.values()].reverse();
  }
}

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
