import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./free-port";
import { status } from "./http-status";

/** The `hive-gateway` command of @graphql-hive/gateway, as npx runs it. */
const HIVE_GATEWAY_BIN = join(dirname(require.resolve("@graphql-hive/gateway/package.json")), "dist", "bin.js");

export interface HiveGateway {
  url: string;
  /** The last 8,000 characters it wrote, for a failure's message. */
  output(): string;
  close(): Promise<void>;
}

/**
 * `hive-gateway supergraph <file>` on a free port of 127.0.0.1, with `configFile` as its
 * configuration, or with none at all (it runs in an empty directory, where it finds no
 * gateway.config.*). Resolves once /readiness answers 200, that is once the supergraph is loaded.
 */
export async function startHiveGateway(supergraphFile: string, configFile?: string): Promise<HiveGateway> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "hive-gateway-"));
  const args = [HIVE_GATEWAY_BIN, "supergraph", supergraphFile, "--port", String(port), "--host", "127.0.0.1", ...(configFile ? ["--config-path", configFile] : [])];
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(cwd, { recursive: true, force: true });
  };
  for (;;) {
    if ((await status(`http://127.0.0.1:${port}/readiness`)) === 200) return { url, output: () => output, close };
    if (child.exitCode !== null) {
      await close();
      throw new Error(`hive-gateway exited: ${output}`);
    }
    await sleep(50);
  }
}
