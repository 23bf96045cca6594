#!/usr/bin/env node
// The `connection-doctor` executable (bundled to dist/cli.js). Commands live in src/cli/.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { main } from './cli/main';
import { isScanPartData, setWorkerScript } from './cli/worker-script';

if (!isMainThread && isScanPartData(workerData)) {
  // A worker thread scanning the second half of a large file for `scan` (see cli/scan-parallel.ts).
  void import('./cli/scan-parallel').then(({ runScanPart }) => runScanPart(workerData as never, (reply) => parentPort?.postMessage(reply)));
} else {
  setWorkerScript(__filename);
  // A reader that goes away (`| head`) ends the output, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`connection-doctor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
