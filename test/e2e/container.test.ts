import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { demoOf, exampleMutation } from "../../src/banner";
import { demoRunEnvironment, dockerfileInstructions, environmentOf, execForm, finalStage, healthcheckCommand, lastOf } from "../support/dockerfile";
import { freePort } from "../support/free-port";
import { status } from "../support/http-status";
import { buildDist } from "../support/server-process";

/**
 * No Docker daemon runs here, so the image's promises are checked by running what it runs: its CMD
 * from the repository root (the image's WORKDIR holds the same dist/), its HEALTHCHECK, and `npm
 * start`, each sent SIGTERM as `docker stop` and a container running `npm start` would send it.
 */
const ROOT = join(__dirname, "..", "..");

const stage = finalStage(dockerfileInstructions());
const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };

beforeAll(() => buildDist(), 60_000);

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(argv: readonly string[], env: Record<string, string>): Started {
  const [command = "", ...args] = argv;
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exit };
}

async function untilHealthy(url: string, started: Started): Promise<void> {
  for (;;) {
    if ((await status(`${url}/healthz`)) === 200) return;
    if (started.child.exitCode !== null) throw new Error(`exited before it was healthy: ${started.output()}`);
    await sleep(25);
  }
}

/** Runs a command to its end from the repository root: its exit code. */
async function run(argv: readonly string[], env: Record<string, string>): Promise<number | null> {
  return (await start(argv, env).exit).code;
}

/** A test's own ports, so parallel tests and a developer's `npm start` never clash. */
async function testPorts(): Promise<{ url: string; env: Record<string, string> }> {
  const port = await freePort();
  return { url: `http://127.0.0.1:${port}`, env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), METRICS_PORT: String(await freePort()) } };
}

/** Every process below `pid` now (children, their children, …), from /proc. */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may hold spaces, in parentheses: state, then the parent's pid.
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Ended while being read.
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    frontier = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...frontier);
  }
  return found;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

/** The V8 flags of a `node <flags> dist/main.js` command. */
function nodeFlags(argv: readonly string[]): string[] {
  return argv.slice(argv.indexOf("node") + 1, argv.indexOf("dist/main.js"));
}

describe("the Dockerfile", () => {
  it("runs node itself, in exec form, with no ENTRYPOINT or shell in between", () => {
    expect(lastOf(stage, "ENTRYPOINT")).toBeUndefined();
    const cmd = execForm(lastOf(stage, "CMD")?.rest ?? "");
    expect(cmd[0]).toBe("node");
    expect(cmd.at(-1)).toBe("dist/main.js");
  });

  it("runs node with exactly npm start's V8 flags, which package.json keeps", () => {
    const dockerFlags = nodeFlags(execForm(lastOf(stage, "CMD")?.rest ?? ""));
    expect(dockerFlags.length).toBeGreaterThan(0);
    expect(dockerFlags).toEqual(nodeFlags(packageJson.scripts.start?.split(/\s+/) ?? []));
  });

  it("builds with dev dependencies but not their install scripts (no second Node), runs with production ones only, as a user other than root, listening on every interface", () => {
    const runs = stage.filter((i) => i.keyword === "RUN").map((i) => i.rest);
    expect(runs.some((r) => r.includes("npm ci --omit=dev"))).toBe(true);
    // The dev dependency `node` would fetch a second Node binary in its preinstall; the image has its own.
    expect(dockerfileInstructions().filter((i) => i.keyword === "RUN").map((i) => i.rest)).toEqual(expect.arrayContaining(["npm ci --ignore-scripts", "npm run build"]));
    expect(packageJson.dependencies).not.toHaveProperty("node");
    expect(lastOf(stage, "USER")?.rest).toBe("node");
    expect(environmentOf(stage)).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "4000", METRICS_PORT: "9464" });
    expect(lastOf(stage, "EXPOSE")?.rest.split(/\s+/)).toEqual(["4000", "9464"]);
  });

  it("refuses to start with its ENV alone, in one line naming the provider's variables and SIMULATORS, rather than serve simulators in production", async () => {
    const { url, env } = await testPorts();
    const server = start(execForm(lastOf(stage, "CMD")?.rest ?? ""), { ...environmentOf(stage), ...env });
    expect(await server.exit).toEqual({ code: 1, signal: null });
    expect(server.output().trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^Configuration error: BLUESHIFT_API_KEY: Blueshift has no credentials \(BLUESHIFT_API_KEY\) and SIMULATORS is not true .*SIMULATORS=true for a demo$/),
    ]);
    expect(await status(`${url}/healthz`)).toBeNull();
  }, 30_000);

  it("offers in its opening comment a demo that passes SIMULATORS=true, and nothing else", () => {
    expect(demoRunEnvironment()).toEqual({ SIMULATORS: "true" });
  });

  it("starts as a demo (its CMD and ENV, with the opening comment's -e), from the repository root; passes its HEALTHCHECK; and on SIGTERM logs stopped and exits 0", async () => {
    const { url, env } = await testPorts();
    // The image's environment and the demo's variables, but on this test's ports and on loopback only.
    const environment = { ...environmentOf(stage), ...demoRunEnvironment(), ...env };
    const server = start(execForm(lastOf(stage, "CMD")?.rest ?? ""), environment);
    try {
      await untilHealthy(url, server);
      expect(server.output()).toContain("!!! SIMULATORS=true IN PRODUCTION: BLUESHIFT, USERGRID answer from their bundled simulators");
      const healthcheck = healthcheckCommand(lastOf(stage, "HEALTHCHECK")!);
      expect(await run(healthcheck, environment)).toBe(0);

      server.child.kill("SIGTERM");
      expect(await server.exit).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"msg":"stopped"');
      expect(await run(healthcheck, environment)).toBe(1);
    } finally {
      server.child.kill("SIGKILL");
    }
  }, 30_000);

  it("needs nothing at run time that `npm ci --omit=dev` leaves out", () => {
    const production = new Set(Object.keys(packageJson.dependencies));
    const needed = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, specifier = ""] of readFileSync(file, "utf8").matchAll(/\brequire\("([^"]+)"\)/g)) {
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          visit(existsSync(`${target}.js`) ? `${target}.js` : join(target, "index.js"));
        } else if (!specifier.startsWith("node:") && !builtinModules.includes(specifier)) {
          needed.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string));
        }
      }
    };
    const entries = [execForm(lastOf(stage, "CMD")?.rest ?? "").at(-1), healthcheckCommand(lastOf(stage, "HEALTHCHECK")!).at(-1)];
    for (const entry of entries) visit(join(ROOT, entry as string));
    expect(seen.size).toBeGreaterThan(50);
    expect([...needed].filter((name) => !production.has(name))).toEqual([]);
  });
});

describe("the .dockerignore", () => {
  it("keeps the host's node_modules, builds, git history, test builds and secrets out of the build context", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", ".git", ".process-test-*", ".env", ".env.*", ".npmrc"]));
  });
});

describe("npm start", () => {
  it("passes SIGTERM on to node: the server logs stopped, npm exits 0, and no process of it is left", async () => {
    const { url, env } = await testPorts();
    // npm 11 still runs the start script itself under --ignore-scripts, only not prestart's build (done above).
    const npm = start(["npm", "start", "--ignore-scripts"], env);
    let left: number[] = [];
    try {
      await untilHealthy(url, npm);
      left = descendantsOf(npm.child.pid as number);
      expect(left.length).toBeGreaterThan(0);
      // main.ts gives Sandbox the banner's example when a simulator serves.
      const page = await fetch(`${url}/`, { headers: { accept: "text/html" } });
      expect(await page.text()).toContain(JSON.stringify(exampleMutation(demoOf(() => true)!)));

      npm.child.kill("SIGTERM");
      expect(await npm.exit).toEqual({ code: 0, signal: null });
      expect(npm.output()).toContain('"msg":"stopped"');
      expect(left.filter(isRunning)).toEqual([]);
    } finally {
      npm.child.kill("SIGKILL");
      // Only what this test started: node left behind by a shell that did not pass the signal on.
      for (const pid of left.filter(isRunning)) process.kill(pid, "SIGKILL");
    }
  }, 30_000);
});

