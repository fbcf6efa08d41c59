import { startTracing } from "./tracing";

/**
 * Tracing, started as this module is imported: main.ts imports it before anything else, so the
 * http and graphql instrumentations are in place before those modules load (tracing.ts).
 */
export const tracing = startTracing();
