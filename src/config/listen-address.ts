/**
 * PORT and HOST's defaults, in a file that imports nothing: the container's health check
 * (src/healthcheck.ts) reads these two variables as the server does without loading the rest of
 * the configuration, so it never fails on another variable.
 */
export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = "127.0.0.1";

/** Where the server listens, as the health check reads it: PORT and HOST alone, unchecked. */
export function listenAddressOf(env: NodeJS.ProcessEnv = process.env): { port: number; host: string | undefined } {
  return { port: Number(env.PORT || DEFAULT_PORT), host: env.HOST };
}
