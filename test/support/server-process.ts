import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { freePort } from "./free-port";
import { status } from "./http-status";

const ROOT = join(__dirname, "..", "..");

/**
 * The environment of a server process that serves Blueshift from a simulator as if it were the real
 * provider, with the fleet's state on a real redis-server: what every multi-instance test starts.
 */
export function blueshiftOnRedis(blueshiftUrl: string, redisUrl: string): Record<string, string> {
  return {
    LOG_LEVEL: "warn",
    BLUESHIFT_API_KEY: blueshiftDemo.apiKey,
    BLUESHIFT_BASE_URL: blueshiftUrl,
    AUTH_DISABLED: "true",
    ALLOW_INSECURE: "true",
    REDIS_URL: redisUrl,
  };
}

/** `npm start`'s build, without its type check (tsc --noEmit covers that), into a new directory of the repository named from `prefix`. */
export function buildServerOnce(prefix: string): string {
  const build = mkdtempSync(join(ROOT, prefix));
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--noCheck", "--outDir", build]);
  return build;
}

/**
 * `npm run build` without its type check (tsc --noEmit covers that), into dist/ itself: what
 * `npm start` and the Dockerfile's CMD run, by that path.
 */
export function buildDist(): void {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--noCheck"]);
}

/** A `node main.js` of a test, on a free port of 127.0.0.1. */
export interface ServerProcess {
  url: string;
  /** /metrics, on a free port of its own (METRICS_PORT). */
  metricsUrl: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** The last 4,000 characters it wrote, for a failure's message. */
  output: () => string;
}

/**
 * Starts `<build>/main.js` with only PATH, PORT, METRICS_PORT and `env` as its environment, and
 * resolves once /healthz answers 200 and `ready` (if given) says so; rejects with its output if it
 * exits first.
 */
export async function startServerProcess(
  build: string,
  env: Readonly<Record<string, string>>,
  ready?: (server: Pick<ServerProcess, "url" | "metricsUrl">) => Promise<boolean>,
): Promise<ServerProcess> {
  const port = await freePort();
  // A port of its own for each process: two processes on METRICS_PORT's default would clash.
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [join(build, "main.js")], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port), METRICS_PORT: String(metricsPort), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: ServerProcess = { url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, child, exited, output: () => output };
  for (;;) {
    if ((await status(`${server.url}/healthz`)) === 200 && (!ready || (await ready(server)))) return server;
    if (child.exitCode !== null) throw new Error(`main.js exited: ${output}`);
    await sleep(25);
  }
}

/**
 * One build for a whole test file: made before its first test, removed after its last. Returns
 * the build's directory, to be read inside tests and hooks (it does not exist before then).
 */
export function useServerBuild(prefix: string): () => string {
  let build: string | null = null;
  beforeAll(() => {
    build = buildServerOnce(prefix);
  }, 120_000);
  afterAll(() => {
    if (build !== null) rmSync(build, { recursive: true, force: true });
  });
  return () => {
    if (build === null) throw new Error("useServerBuild: the build is made in beforeAll; read it inside a test or hook");
    return build;
  };
}

/** Kills every process in `running` (SIGKILL: a test's servers need no clean stop) and empties it once they have exited. */
export async function killAll(running: ServerProcess[]): Promise<void> {
  for (const server of running.splice(0)) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
}
