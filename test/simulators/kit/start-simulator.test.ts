import type { SimulatorHandle } from "../../../src/simulators/kit/simulator-handle";
import { startSimulator } from "../../../src/simulators/kit/start-simulator";
import { call } from "./call";

type Route = "bump" | "peek";

/** The smallest stateful simulator: POST /bump adds one, GET /peek reads the count. */
async function startCounter(): Promise<{ sim: SimulatorHandle<Route>; count(): number }> {
  let count = 0;
  const sim = await startSimulator<Route>({
    route: (request) => {
      if (request.method === "POST" && request.path === "/bump") return { route: "bump", respond: () => ({ status: 200, body: { count: ++count } }) };
      if (request.method === "GET" && request.path === "/peek") return { route: "peek", respond: () => ({ status: 200, body: { count } }) };
      return { route: "unrouted", respond: () => ({ status: 404, body: "nothing here" }) };
    },
    answerDefaults: { contentType: "application/json", headers: () => ({ "x-simulator": "counter" }) },
    reseed: () => {
      count = 0;
    },
  });
  return { sim, count: () => count };
}

describe("startSimulator", () => {
  let sim: SimulatorHandle<Route>;
  let count: () => number;

  beforeEach(async () => {
    ({ sim, count } = await startCounter());
  });
  afterEach(() => sim.close());

  it("listens on 127.0.0.1 and gives its URL without a trailing slash", () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("records every request with its raw path, route, headers and body, in arrival order", async () => {
    await call(sim.url, "POST", "/bump", { body: "hello", headers: { "x-test": "1" } });
    await call(sim.url, "GET", "/nowhere?q=%2F");
    expect(sim.requests.map((r) => [r.method, r.path, r.route, r.body])).toEqual([
      ["POST", "/bump", "bump", "hello"],
      ["GET", "/nowhere?q=%2F", "unrouted", ""],
    ]);
    expect(sim.requests[0]?.headers["x-test"]).toBe("1");
    expect(sim.requestsTo("bump")).toHaveLength(1);
  });

  it("answers with the default content type and headers unless the answer sets its own", async () => {
    const ok = await call(sim.url, "POST", "/bump");
    expect(ok.headers["content-type"]).toBe("application/json");
    expect(ok.headers["x-simulator"]).toBe("counter");
    sim.script("bump", [{ status: 418, body: "teapot", contentType: "text/plain", headers: { "X-Simulator": "scripted" } }]);
    const scripted = await call(sim.url, "POST", "/bump");
    expect([scripted.status, scripted.text, scripted.headers["content-type"], scripted.headers["x-simulator"]]).toEqual([418, "teapot", "text/plain", "scripted"]);
  });

  it("plays scripted answers one per request on their route, then behaves normally", async () => {
    sim.script("bump", [{ status: 503 }, { status: 502, body: { message: "later" } }]);
    expect((await call(sim.url, "GET", "/peek")).status).toBe(200);
    expect((await call(sim.url, "POST", "/bump")).status).toBe(503);
    const second = await call(sim.url, "POST", "/bump");
    expect([second.status, second.json()]).toEqual([502, { message: "later" }]);
    expect((await call(sim.url, "POST", "/bump")).json()).toEqual({ count: 1 });
  });

  it("applies nothing when a status fault answers", async () => {
    sim.script("bump", [{ status: 500 }]);
    await call(sim.url, "POST", "/bump");
    expect(count()).toBe(0);
  });

  it("answers from the request itself when the fault is built from it, applying nothing", async () => {
    sim.script("bump", [
      { fromRequest: (request) => ({ status: 401, body: { saw: request.headers.authorization, body: request.body } }) },
      { apply: true, then: { fromRequest: (request) => ({ status: 502, body: { saw: request.method } }) } },
    ]);
    const echoed = await call(sim.url, "POST", "/bump", { headers: { authorization: "Bearer t0ken" }, body: "x" });
    expect([echoed.status, echoed.json(), count()]).toEqual([401, { saw: "Bearer t0ken", body: "x" }, 0]);
    const afterCommit = await call(sim.url, "POST", "/bump");
    expect([afterCommit.status, afterCommit.json(), count()]).toEqual([502, { saw: "POST" }, 1]);
  });

  it("hangs until the client gives up, applying nothing", async () => {
    sim.script("bump", [{ hang: true }]);
    await expect(call(sim.url, "POST", "/bump", { body: "x", signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(sim.requests[0]?.body).toBe("x");
    expect(count()).toBe(0);
  });

  it("destroys a hung socket on close()", async () => {
    sim.script("bump", [{ hang: true }]);
    const pending = call(sim.url, "POST", "/bump");
    await waitFor(() => sim.requests.length === 1);
    expect(sim.openSockets()).toBe(1);
    await sim.close();
    await expect(pending).rejects.toThrow();
    expect(sim.openSockets()).toBe(0);
  });

  it("resets the connection without answering or applying", async () => {
    sim.script("bump", [{ reset: true }]);
    await expect(call(sim.url, "POST", "/bump")).rejects.toThrow(/other side closed|socket/i);
    expect(count()).toBe(0);
    expect((await call(sim.url, "POST", "/bump")).status).toBe(200);
  });

  it("answers normally after a scripted delay", async () => {
    sim.script("bump", [{ delayMs: 150 }]);
    const started = Date.now();
    const reply = await call(sim.url, "POST", "/bump");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.json()).toEqual({ count: 1 });
  });

  it("really applies before a reset scripted after commit", async () => {
    sim.script("bump", [{ apply: true, then: { reset: true } }]);
    await expect(call(sim.url, "POST", "/bump")).rejects.toThrow();
    expect(count()).toBe(1);
  });

  it("really applies before a status or hang scripted after commit, and only once", async () => {
    sim.script("bump", [
      { apply: true, then: { status: 504 } },
      { apply: true, then: { apply: true, then: { hang: true } } },
    ]);
    expect((await call(sim.url, "POST", "/bump")).status).toBe(504);
    await expect(call(sim.url, "POST", "/bump", { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(count()).toBe(2);
  });

  it("delays every answer by the set latency and counts concurrent requests", async () => {
    sim.setLatency(100);
    const replies = await Promise.all([1, 2, 3, 4].map(() => call(sim.url, "GET", "/peek")));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(sim.maxInFlight).toBe(4);
    await call(sim.url, "GET", "/peek");
    expect(sim.maxInFlight).toBe(4);
  });

  it("reseeds and forgets scripts, requests, latency and maxInFlight on reset", async () => {
    sim.script("bump", [{ status: 500 }, { status: 500 }]);
    sim.setLatency(5000);
    sim.reset();
    await call(sim.url, "POST", "/bump");
    expect(count()).toBe(1);
    sim.reset();
    expect([count(), sim.requests.length, sim.maxInFlight]).toEqual([0, 0, 0]);
    expect((await call(sim.url, "POST", "/bump")).status).toBe(200);
  });

  it("can be closed twice", async () => {
    await sim.close();
    await expect(sim.close()).resolves.toBeUndefined();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
