import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

/**
 * A real `redis-server` (the Debian package) for one test file: its own port on 127.0.0.1, its own
 * temporary directory, no snapshots and no append-only file, stopped by its pid. No Redis mock:
 * BullMQ's Lua scripts, blocking pops and key expiry are what the bulk-removal jobs rely on.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`, for REDIS_URL. */
  readonly url: string;
  readonly port: number;
  /** The pid of the running server; changes on restart(). */
  readonly pid: number;
  /** Stops it and forgets its data (SIGTERM to its pid, then its directory is removed). */
  stop(): Promise<void>;
  /**
   * Stops it as an outage would, keeping its data on disk (SHUTDOWN SAVE): clients see the
   * connection close and reconnect attempts refused until restart().
   */
  halt(): Promise<void>;
  /** Starts it again on the same port and directory, with the data halt() saved; resolves once it answers PING. */
  restart(): Promise<void>;
}

/** How long a fresh server may take to answer PING (a loaded CI machine, a first run of the binary). */
const READY_WITHIN_MS = 10_000;

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "redis-test-"));
  // A port probed free can be taken before redis-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const first = await launch(port, dir);
      return handle(port, dir, first);
    } catch (error) {
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

function handle(port: number, dir: string, first: Running): RedisServer {
  let running: Running | null = first;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      if (!running) throw new Error("redis-server is not running");
      return running.pid;
    },
    async stop() {
      const current = running;
      running = null;
      if (current) {
        current.child.kill("SIGTERM");
        await current.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
    async halt() {
      const current = running;
      if (!current) return;
      running = null;
      // `--save ''` turns off the automatic snapshots only; an explicit SHUTDOWN SAVE still writes dump.rdb.
      await send(port, "SHUTDOWN SAVE").catch(() => undefined);
      await current.exited;
    },
    async restart() {
      if (running) throw new Error("redis-server is already running");
      running = await launch(port, dir);
    },
  };
}

interface Running {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

async function launch(port: number, dir: string): Promise<Running> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    // The last few lines say why it did not start (a taken port, a missing binary).
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exitedAlready = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exitedAlready = true;
      resolve();
    });
    child.once("error", (error) => {
      exitedAlready = true;
      output += `\n${error.message}`;
      resolve();
    });
  });
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline && !exitedAlready) {
    if ((await send(port, "PING").catch(() => "")).startsWith("+PONG")) {
      if (child.pid === undefined) break;
      return { child, pid: child.pid, exited };
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill("SIGKILL");
  await exited;
  throw new Error(`redis-server on port ${port} did not answer PING: ${output.trim() || "no output"}`);
}

/** One inline command on a fresh connection; resolves to the first reply line, or to "" when the server closes the connection. */
function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(2000, () => socket.destroy(new Error(`redis-server did not answer ${command} within 2 s`)));
    socket.on("connect", () => socket.write(`${command}\r\n`));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on("close", () => resolve(reply));
    socket.on("error", reject);
  });
}

