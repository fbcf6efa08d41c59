import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { blueshiftDemo, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { REMOVAL_MUTATION } from "../support/facade";
import { freePort } from "../support/free-port";
import { status } from "../support/http-status";
import { serverBuild } from "../support/server-process";

/** `npm start`'s build, made once for the run (test/support/server-build.js). */
let build: string;
beforeAll(() => {
  build = serverBuild();
});

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `node dist/main.js` with exactly this environment. */
function startServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [join(build, "main.js")], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function eventually(condition: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe("the server process", () => {
  it.each([
    ["a real Blueshift key without caller auth", { BLUESHIFT_API_KEY: "a-real-looking-key-0123" }, /^Configuration error: AUTH_JWKS_URL: caller auth is required while BLUESHIFT_API_KEY is set/],
    ["an invalid BLUESHIFT_REGION", { BLUESHIFT_REGION: "mars" }, /^Configuration error: BLUESHIFT_REGION: must be us or eu$/],
    ["METRICS_PORT the same as PORT", { PORT: "4100", METRICS_PORT: "4100" }, /^Configuration error: METRICS_PORT: must differ from PORT \(both 4100\)/],
  ])("refuses to start with %s, in one line, exiting non-zero", async (_, env, line) => {
    const server = startServer(env);
    expect(await server.exited).toBe(1);
    const lines = server.stderr().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(server.stderr() + server.stdout()).not.toContain("a-real-looking-key-0123");
  });

  it("refuses to start, in one line, when something else holds METRICS_PORT", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    try {
      const taken = (holder.address() as AddressInfo).port;
      const server = startServer({ PORT: String(await freePort()), METRICS_PORT: String(taken) });
      expect(await server.exited).toBe(1);
      expect(server.stderr().trimEnd().split("\n")).toEqual([`Configuration error: METRICS_PORT: cannot listen on 127.0.0.1:${taken} (EADDRINUSE)`]);
    } finally {
      holder.close();
    }
  });

  describe("in production, with a Blueshift key and a JWT secret but no USERGRID_*", () => {
    const PRODUCTION = { NODE_ENV: "production", BLUESHIFT_API_KEY: "a-real-looking-key-0123", AUTH_JWT_SECRET: "a-real-looking-hs256-secret-0123456789" };

    it("refuses to start, in one line naming Usergrid's variables and SIMULATORS, and serves nothing", async () => {
      const port = await freePort();
      const server = startServer({ ...PRODUCTION, PORT: String(port), METRICS_PORT: String(await freePort()) });
      expect(await server.exited).toBe(1);
      expect(server.stderr().trimEnd().split("\n")).toEqual([
        expect.stringMatching(
          /^Configuration error: USERGRID_BASE_URL: Usergrid has no credentials \(USERGRID_BASE_URL, USERGRID_ORG, USERGRID_APP, USERGRID_CLIENT_ID, USERGRID_CLIENT_SECRET\) and SIMULATORS is not true .*SIMULATORS=true for a demo$/,
        ),
      ]);
      expect(server.stdout()).toBe("");
      expect(await status(`http://127.0.0.1:${port}/healthz`)).toBeNull();
      expect(server.stderr()).not.toContain("a-real-looking");
    });

    it("starts with SIMULATORS=true, says loudly that Usergrid is simulated, and still asks callers for a token", async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const server = startServer({ ...PRODUCTION, SIMULATORS: "true", PORT: String(port), METRICS_PORT: String(await freePort()) });
      try {
        expect(await eventually(async () => (await status(`${url}/healthz`)) === 200)).toBe(true);
        expect(server.stdout()).toContain("!!! SIMULATORS=true IN PRODUCTION: USERGRID answers from its bundled simulator");
        const removal = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: REMOVAL_MUTATION, variables: { provider: "USERGRID", groupId: "someGroup", userRef: { username: "someUser" } } }),
        });
        expect(removal.status).toBe(401);
      } finally {
        server.child.kill("SIGKILL");
        await server.exited;
      }
    }, 30_000);
  });

  describe("on SIGTERM", () => {
    let blueshift: BlueshiftSimulator;
    beforeAll(async () => {
      blueshift = await startBlueshiftSimulator();
    });
    afterAll(() => blueshift.close());

    it("stops accepting, lets a slow removal finish with its true answer, then exits 0", async () => {
      const port = await freePort();
      const metricsPort = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const server = startServer({
        NODE_ENV: "production",
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        BLUESHIFT_API_KEY: blueshiftDemo.apiKey,
        BLUESHIFT_BASE_URL: blueshift.url,
        UPSTREAM_TIMEOUT_MS: "5000",
        AUTH_DISABLED: "true",
        ALLOW_INSECURE: "true",
        // Usergrid has no credentials here: its simulator serves, which production allows only so.
        SIMULATORS: "true",
      });
      try {
        expect(await eventually(async () => (await status(`${url}/healthz`)) === 200)).toBe(true);
        expect(server.stdout()).toContain("CALLER AUTH IS OFF WITH A REAL PROVIDER");
        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d+/m);

        blueshift.script("removeUser", [{ delayMs: 1500 }]);
        const removal = fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } } }),
        }).then((response) => response.json() as Promise<{ data: { removeUserFromGroup: { __typename: string } } }>);
        expect(await eventually(() => blueshift.requestsTo("removeUser").length === 1)).toBe(true);

        server.child.kill("SIGTERM");
        expect(await eventually(async () => (await status(`${url}/healthz`)) === null)).toBe(true);
        expect((await removal).data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
        expect(blueshift.isMember(blueshiftDemo.groupId, blueshiftDemo.customerUuid)).toBe(false);
        expect(await server.exited).toBe(0);
        // The asynchronous log stream was flushed before the exit.
        expect(server.stdout()).toContain('"msg":"stopped"');
      } finally {
        server.child.kill("SIGKILL");
      }
    }, 30_000);
  });
});
