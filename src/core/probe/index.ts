/** Probe engine entry (bundled separately as dist/probe-engine.js, loaded lazily). */
export const PROBE_ENGINE_VERSION = 1;
