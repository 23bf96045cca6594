/**
 * Child program of the privacy test: everything the extension does without being asked to reach
 * the network (scanning, hovering, listing and applying fixes, ranking causes, building panel
 * state and reports), run under the socket spy. With `--control` it also connects to a loopback
 * server, which the spy must see: proof that it watches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join, resolve } from 'node:path';
import { getCause, rankCauses, recommendFixes, retrySafety } from '../../src/core/causes';
import { detect, StreamDetector } from '../../src/core/detect';
import { buildHover, findingAtLine } from '../../src/core/editor/hover-content';
import { arrayLineSource, scanInSlices } from '../../src/core/editor/sliced-scan';
import { applyFix, languageForPath, listFixes } from '../../src/core/fixes/index';
import { buildDetail, endpointLabel, reportMarkdown } from '../../src/core/panel-model';
import { FIX_IDS } from '../../src/core/types';
import { hostileCorpus, REAL_ERRORS } from './hostile';

const ROOT = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const lines = [...REAL_ERRORS, ...hostileCorpus(11, 2000, 0).lines];
  const findings = detect(lines.join('\n'));
  const sd = new StreamDetector();
  for (const l of lines) sd.push(`${l}\n`);
  sd.end();
  await scanInSlices(arrayLineSource(lines));
  const reader = { lineCount: lines.length, lineAt: (i: number) => lines[i] ?? '' };
  const commands = { explain: 'a.explain', probe: 'a.probe', insertFix: 'a.fix' };
  for (const f of findings.slice(0, 300)) {
    const at = findingAtLine(reader, f.line - 1, f.column - 1);
    if (at) buildHover(at, commands, { finding: at });
    const ranked = rankCauses([f]);
    recommendFixes(ranked, {});
    const detail = buildDetail({ occurrenceId: 'o', finding: f, causes: ranked, retry: retrySafety(f.method), probe: null, getCause, canFix: true });
    reportMarkdown({ id: 'o', seenAt: new Date(0).toISOString(), source: 'x.log', errorClass: f.class, runtime: f.runtime, text: f.text, endpoint: endpointLabel(f), count: 1 }, detail);
  }
  let fixed = 0;
  for (const lang of ['go', 'php', 'node']) {
    const dir = join(ROOT, 'test/fixtures/fixes', lang);
    for (const file of readdirSync(dir)) {
      const dialect = languageForPath(file);
      if (!dialect) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      await listFixes(text, dialect, { serverIdleMs: 3000 });
      for (const fix of FIX_IDS) if ((await applyFix(text, dialect, fix)).ok) fixed++;
    }
  }
  if (process.argv.includes('--control')) {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => net.connect(port, '127.0.0.1').on('close', () => r()).on('error', () => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
  process.stdout.write(JSON.stringify({ findings: findings.length, fixed }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
