import { setTimeout as sleep } from "node:timers/promises";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftFaults, bulkCustomer, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { expectWithinRate } from "../support/arrivals";
import { REMOVAL_MUTATION } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { killAll, startServerProcess, serverBuild, type ServerProcess, blueshiftOnRedis } from "../support/server-process";

/**
 * docs/contract.md §10 across a fleet, with real processes: two `node main.js` on one Redis and
 * one Blueshift simulator. BLUESHIFT_MAX_RPS holds for both together, a Retry-After met by one
 * holds back the other, and a Redis outage leaves each on its own budget rather than stopped.
 */

const MEMBERS = 200;
const MAX_RPS = 20;

/** `npm start`'s build, without its type check (tsc --noEmit covers that), made once for this file. */
const build = serverBuild;

let redis: RedisServer;
let blueshift: BlueshiftSimulator;
const running: ServerProcess[] = [];
beforeEach(async () => {
  redis = await startRedisServer();
  blueshift = await startBlueshiftSimulator({ seed: blueshiftBulkSeed(MEMBERS) });
});
afterEach(async () => {
  await killAll(running);
  await blueshift.close();
  await redis.stop();
});

async function startServer(env: Readonly<Record<string, string>> = {}): Promise<ServerProcess> {
  const server = await startServerProcess(
    build(),
    {
      ...blueshiftOnRedis(blueshift.url, redis.url),
      ...env,
    },
    // Ready once its shared Redis connection is up: until then it keeps to its own budget.
    async ({ metricsUrl }) => sample(await scrape(metricsUrl), "shared_redis_up") === 1,
  );
  running.push(server);
  return server;
}

/** The removal's result, or `{ __typename: "HTTP <status>" }` when the server gave none. */
async function removal(server: ServerProcess, index: number): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRef: { uuid: bulkCustomer(index).uuid } } }),
  });
  const body = (await response.json()) as { data?: { removeUserFromGroup: Record<string, unknown> } };
  return body.data?.removeUserFromGroup ?? { __typename: `HTTP ${response.status}` };
}

async function removeMember(server: ServerProcess, index: number): Promise<string> {
  return String((await removal(server, index)).__typename);
}

describe("BLUESHIFT_MAX_RPS across two server processes on one Redis", () => {
  it("lets no more than 20 a second reach Blueshift from both together, and answers all 200 removals", async () => {
    const servers = [await startServer({ BLUESHIFT_MAX_RPS: String(MAX_RPS), UPSTREAM_DEADLINE_MS: "30000" }), await startServer({ BLUESHIFT_MAX_RPS: String(MAX_RPS), UPSTREAM_DEADLINE_MS: "30000" })];
    const answers = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => removeMember(servers[i % 2]!, i)));

    expect(answers).toEqual(Array(MEMBERS).fill("MembershipRemoval"));
    const arrivals = blueshift.requests.map((r) => r.receivedAt);
    expect(arrivals.length).toBeGreaterThanOrEqual(MEMBERS);
    expectWithinRate(arrivals, MAX_RPS);
    for (const server of servers) expect(sample(await scrape(server.metricsUrl), "upstream_budget_total", { budget: "shared" })).toBeGreaterThan(0);
  }, 60_000);

  it("holds back instance B's calls to Blueshift for the 2 s of a Retry-After that instance A met", async () => {
    const [a, b] = [await startServer(), await startServer()];
    blueshift.script("removeUser", [blueshiftFaults.rateLimited("2")]);
    const first = removeMember(a, 0);
    // A has read the 429 once it counts the retry it will make: its pause is on Redis by then.
    while (sample(await scrape(a.metricsUrl), "upstream_retries_total") < 1) await sleep(10);
    const limitedAt = blueshift.requestsTo("removeUser")[0]?.receivedAt ?? 0;
    const others = await Promise.all([1, 2, 3].map((i) => removeMember(b, i)));

    expect([await first, ...others]).toEqual(Array(4).fill("MembershipRemoval"));
    const later = blueshift.requests.filter((r) => r.receivedAt > limitedAt);
    expect(later.length).toBeGreaterThanOrEqual(4);
    for (const r of later) expect(r.receivedAt - limitedAt).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  it("holds both instances back for UPSTREAM_MAX_PAUSE_S only, however long the Retry-After, and an instance restarted on the same Redis past it sends again", async () => {
    const pauseS = 4;
    // A removal's deadline well under the pause: a call held back is answered at once rather than waiting.
    const env = { UPSTREAM_MAX_PAUSE_S: String(pauseS), UPSTREAM_TIMEOUT_MS: "1000", UPSTREAM_DEADLINE_MS: "1000" };
    const [a, b] = [await startServer(env), await startServer(env)];
    blueshift.script("removeUser", [blueshiftFaults.rateLimited("86400")]);
    expect(await removal(a, 0)).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: 86_400, upstreamStatus: 429 });
    // The pause began when the 429 arrived, before A answered.
    const pauseOverAt = Date.now() + pauseS * 1000 + 100;

    const heldBack = await removal(b, 1);
    expect(heldBack).toMatchObject({ __typename: "RateLimitedError", upstreamStatus: null });
    expect(heldBack.retryAfterSeconds).toBeGreaterThan(86_400 - 60);
    expect(blueshift.requestsTo("removeUser")).toHaveLength(1);

    b.child.kill("SIGKILL");
    await b.exited;
    running.splice(running.indexOf(b), 1);
    const restarted = await startServer(env);
    await sleep(Math.max(0, pauseOverAt - Date.now()));
    expect(await removeMember(restarted, 1)).toBe("MembershipRemoval");
    expect(await removeMember(a, 0)).toBe("MembershipRemoval");
    expect(blueshift.requestsTo("removeUser")).toHaveLength(3);
  }, 60_000);

  it("keeps answering on each instance's own budget while Redis is stopped, and shares it again once Redis is back", async () => {
    const env = { BLUESHIFT_MAX_RPS: String(MAX_RPS), UPSTREAM_DEADLINE_MS: "30000" };
    const [a, b] = [await startServer(env), await startServer(env)];
    await redis.halt();

    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => removeMember(i % 2 ? b : a, i)));
    expect(during).toEqual(Array(20).fill("MembershipRemoval"));
    for (const server of [a, b]) {
      const metrics = await scrape(server.metricsUrl);
      expect(sample(metrics, "upstream_budget_total", { budget: "local" })).toBeGreaterThan(0);
      expect(sample(metrics, "shared_redis_up")).toBe(0);
    }

    await redis.restart();
    for (const server of [a, b]) while (sample(await scrape(server.metricsUrl), "shared_redis_up") !== 1) await sleep(50);
    const sharedBefore = sample(await scrape(a.metricsUrl), "upstream_budget_total", { budget: "shared" });
    expect(await removeMember(a, 100)).toBe("MembershipRemoval");
    expect(sample(await scrape(a.metricsUrl), "upstream_budget_total", { budget: "shared" })).toBeGreaterThan(sharedBefore);
  }, 60_000);
});
