import * as path from 'node:path';
import type * as ProbeEngine from '../core/probe/index';
import type * as FixEngine from '../core/fixes/index';

/**
 * The probe engine (undici) and the fix engine (tree-sitter) are bundled apart from the extension
 * (dist/probe-engine.js, dist/fix-engine.js) and loaded on first use, so activation never parses
 * them. The require is computed so that esbuild leaves it alone.
 */
function load<T>(file: string): T {
  const req = require as (id: string) => unknown;
  return req(path.join(__dirname, file)) as T;
}

let probeEngine: typeof ProbeEngine | undefined;
let fixEngine: typeof FixEngine | undefined;

export function loadProbeEngine(): typeof ProbeEngine {
  probeEngine ??= load<typeof ProbeEngine>('probe-engine.js');
  return probeEngine;
}

export function loadFixEngine(): typeof FixEngine {
  fixEngine ??= load<typeof FixEngine>('fix-engine.js');
  return fixEngine;
}
