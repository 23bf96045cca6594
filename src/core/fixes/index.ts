/** Fix engine entry (bundled separately as dist/fix-engine.js, loaded lazily). */
export const FIX_ENGINE_VERSION = 1;
