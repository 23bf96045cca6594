import { causesForFinding } from '../core/causes/index';
import type { Finding } from '../core/types';

/** One finding as the `scan --json` contract spells it; `explain --json` uses the same shape without `file`. */
export interface JsonFinding {
  line: number;
  column: number;
  class: string;
  runtime: string;
  signature: string;
  errno: string | null;
  endpoint: { url: string | null; host: string; port: number | null } | null;
  method: string | null;
  text: string;
  causes: string[];
}

export function findingJson(f: Finding): JsonFinding {
  return {
    line: f.line,
    column: f.column,
    class: f.class,
    runtime: f.runtime,
    signature: f.signature,
    errno: f.errno,
    endpoint: f.endpoint ? { url: f.endpoint.url, host: f.endpoint.host, port: f.endpoint.port } : null,
    method: f.method,
    text: f.text,
    causes: causesForFinding(f).map((c) => c.id),
  };
}
