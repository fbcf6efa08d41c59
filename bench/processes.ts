import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "../test/support/free-port";

const ROOT = join(__dirname, "..", "..");
/**
 * The Node flags `npm start` runs the server with, read from package.json's start script
 * (`exec node <flags> dist/main.js`) so that the benchmark measures what users run.
 */
const SERVER_NODE_FLAGS: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  return words.slice(words.indexOf("node") + 1, words.indexOf("dist/main.js"));
})();

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

export { freePort };

export interface UpstreamUrls {
  blueshift: string;
  usergrid: string;
}

/** `bulkMembers`: the simulators also hold a group of that many members (bulk.ts). */
export async function startSimulators(latencyMs: number, faults = false, bulkMembers = 0): Promise<{ urls: UpstreamUrls; process: ChildProcess }> {
  const args = [String(latencyMs), ...(faults ? ["--faults"] : []), ...(bulkMembers > 0 ? ["--bulk", String(bulkMembers)] : [])];
  const child = spawn(process.execPath, [join(ROOT, "dist-bench", "bench", "simulators.js"), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { urls: JSON.parse(await firstLine(child, "simulators")) as UpstreamUrls, process: child };
}

/** The first line a child prints on stdout: where it listens, once it does. */
function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/**
 * The server as production runs it: its own process, NODE_ENV=production, talking to the
 * simulators as if they were the real providers (credentials set, base URLs overridden).
 */
export async function startServer(
  urls: UpstreamUrls,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<{ url: string; metricsUrl: string; process: ChildProcess }> {
  const port = await freePort();
  // Each server scrapes on a port of its own: the jobs case runs two at once.
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), join(ROOT, "dist", "main.js")], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      BLUESHIFT_API_KEY: "demo-user-api-key",
      BLUESHIFT_BASE_URL: urls.blueshift,
      USERGRID_BASE_URL: urls.usergrid,
      USERGRID_ORG: "your-org",
      USERGRID_APP: "your-app",
      USERGRID_CLIENT_ID: "demo-client-id",
      USERGRID_CLIENT_SECRET: "demo-client-secret",
      // The simulators stand in for real providers; the benchmark measures the removal path, not caller auth.
      ALLOW_INSECURE: "true",
      AUTH_DISABLED: "true",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, process: child };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("server did not become healthy");
}

/**
 * A yardstick run beside the facade, as production would run it: its own process,
 * NODE_ENV=production, Node's default flags, the same simulators. `script` is its compiled path
 * under dist-bench/bench; its side is yardstick-child.ts (serveAsChild).
 */
async function startYardstick(name: string, script: string, urls: UpstreamUrls, env: Record<string, string> = {}): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, "dist-bench", "bench", script)], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(await freePort()),
      BLUESHIFT_API_KEY: "demo-user-api-key",
      BLUESHIFT_BASE_URL: urls.blueshift,
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { url: await firstLine(child, name), process: child };
}

/** The plain Apollo Server + RESTDataSource build (reference/server.ts). */
export function startReference(urls: UpstreamUrls): Promise<{ url: string; process: ChildProcess }> {
  return startYardstick("reference server", join("reference", "server.js"), urls, { SCHEMA_FILE: join(ROOT, "schema", "api.graphql") });
}

/** The bare Node proxy (bare-proxy/server.ts): the ceiling any facade on this machine is under. */
export function startBareProxyProcess(urls: UpstreamUrls): Promise<{ url: string; process: ChildProcess }> {
  return startYardstick("bare proxy", join("bare-proxy", "server.js"), urls);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** utime + stime of a process, in milliseconds (/proc/<pid>/stat fields 14 and 15). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may contain spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * Current and peak RSS from one read of /proc/<pid>/status. The kernel's RSS counters are per-CPU
 * and approximate, so two separate reads can show a current RSS above the peak read after it.
 */
export function rssMiB(pid: number): { current: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const line = (field: "VmHWM" | "VmRSS") => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  };
  return { current: line("VmRSS"), peak: line("VmHWM") };
}

/** The state column of /proc/net/tcp for a listening socket. */
const TCP_LISTEN = "0A";

/**
 * TCP connections a process holds open, listening sockets left out: its socket file descriptors
 * whose inodes /proc/net/tcp{,6} lists in any state but LISTEN (stdio inherited from a terminal may
 * be a Unix socket; not counted).
 */
export function openConnections(pid: number): number {
  const tcpInodes = new Set<string>();
  for (const table of ["tcp", "tcp6"]) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, "utf8").trim().split("\n").slice(1);
    for (const line of lines) {
      const columns = line.trim().split(/\s+/);
      if (columns[3] !== TCP_LISTEN) tcpInodes.add(columns[9] as string);
    }
  }
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).filter((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(join(dir, fd)))?.[1];
      return inode !== undefined && tcpInodes.has(inode);
    } catch {
      return false;
    }
  }).length;
}
