/**
 * The script a worker thread runs (the CLI bundle itself), set by the executable's entry. Kept
 * apart from scan-parallel.ts so that the entry does not load the detector for every command.
 */
let script: string | null = null;

export function setWorkerScript(path: string): void {
  script = path;
}

/** Null when the CLI runs in-process (tests call `main()` directly): no worker then. */
export function workerScript(): string | null {
  return script;
}

/** True for the `workerData` of a `scan` worker. */
export function isScanPartData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { connectionDoctor?: unknown }).connectionDoctor === 'scan-part';
}
