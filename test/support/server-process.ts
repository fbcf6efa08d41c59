import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { freePort } from "./free-port";
const { SERVER_BUILD } = require("./server-build") as { SERVER_BUILD: string };
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
 * The server's build for this run, made once by jest's globalSetup (test/support/server-build.js)
 * for every test file that starts `main.js` as a process.
 */
export function serverBuild(): string {
  if (!existsSync(join(SERVER_BUILD, "main.js"))) throw new Error(`serverBuild: ${SERVER_BUILD} has no main.js; jest's globalSetup (test/support/global-setup.js) makes it`);
  return SERVER_BUILD;
}

/** Kills every process in `running` (SIGKILL: a test's servers need no clean stop) and empties it once they have exited. */
export async function killAll(running: ServerProcess[]): Promise<void> {
  for (const server of running.splice(0)) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
}
