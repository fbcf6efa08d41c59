import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { jobKeys } from "../../src/jobs/redis/job-keys";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, bulkCustomer, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { START_BULK_REMOVAL, type JobAnswer } from "../support/bulk-job-behaviours";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { killAll, startServerProcess, serverBuild, type ServerProcess, blueshiftOnRedis } from "../support/server-process";

/**
 * docs/contract.md §8, durable and honest across crashes, with real processes: two `node main.js` on one
 * Redis and one Blueshift simulator share a job; both are SIGKILLed mid-job; one started again
 * finishes it. No ref answered before the kill is sent again, and every answer agrees with what
 * the simulator applied.
 */

/** The key prefix main.js's engine uses (createRedisBulkJobs' default). */
const PREFIX = "membership-facade";
const REFS = 240;
const CONCURRENCY = 4;

/** `npm start`'s build, without its type check (tsc --noEmit covers that), made once for this file. */
const build = serverBuild;

let redis: RedisServer;
let blueshift: BlueshiftSimulator;
let inspect: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  blueshift = await startBlueshiftSimulator({ seed: blueshiftBulkSeed(REFS) });
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  inspect.disconnect();
  await blueshift.close();
  await redis.stop();
});

type Server = ServerProcess;

const running: Server[] = [];
afterEach(async () => {
  await killAll(running);
});

async function startServer(): Promise<Server> {
  const server = await startServerProcess(build(), {
    ...blueshiftOnRedis(blueshift.url, redis.url),
    BULK_CONCURRENCY: String(CONCURRENCY),
    // A dead worker's units run again after about twice this (BullMQ's lock and stalled check).
    BULK_JOB_LOCK_MS: "2000",
  });
  running.push(server);
  return server;
}

async function kill(server: Server): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
  running.splice(running.indexOf(server), 1);
}

async function graphql<T>(server: Server, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const JOB = /* GraphQL */ `query Job($id: ID!) { bulkRemoval(id: $id) { id status done removed notMember failed unknown finishedAt } }`;
const RESULTS = /* GraphQL */ `
  query Results($id: ID!, $after: String) {
    bulkRemoval(id: $id) { results(first: 1000, after: $after) { edges { node { index result { __typename } } } pageInfo { hasNextPage endCursor } } }
  }
`;

async function until(server: Server, id: string, condition: (job: JobAnswer) => boolean): Promise<JobAnswer> {
  for (;;) {
    const { bulkRemoval } = await graphql<{ bulkRemoval: JobAnswer }>(server, JOB, { id });
    if (condition(bulkRemoval)) return bulkRemoval;
    await sleep(25);
  }
}

/** removeUser requests the simulator received, per customer uuid (the last path segment). */
function deletesPerUser(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { path } of blueshift.requestsTo("removeUser")) {
    const uuid = path.split("?")[0]?.split("/").pop() ?? "";
    counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
  }
  return counts;
}

describe("bulk-removal jobs across server processes on one Redis", () => {
  it("finishes a job after every server was SIGKILLed mid-job, sending no answered ref again, and its answers agree with the provider", async () => {
    blueshift.setLatency(25);
    const servers = [await startServer(), await startServer()];
    const users = Array.from({ length: REFS }, (_, i) => bulkCustomer(i).uuid);
    const { startBulkRemoval: job } = await graphql<{ startBulkRemoval: JobAnswer }>(servers[0]!, START_BULK_REMOVAL, {
      provider: "BLUESHIFT",
      groupId: BLUESHIFT_BULK_GROUP_ID,
      userRefs: users.map((uuid) => ({ uuid })),
    });
    await until(servers[1]!, job.id, (j) => j.done >= REFS / 4);

    for (const server of servers) await kill(server);
    // What Redis holds at the moment of the crash: the answered positions and the units in flight.
    const keys = jobKeys(PREFIX, job.id);
    const answeredBefore = new Set((await inspect.hkeys(keys.results)).map((index) => users[Number(index)]));
    const inFlight = new Set((await inspect.smembers(keys.inFlight)).map((unit) => unit.replace(/^uuid:/, "")));
    const deletesAtKill = deletesPerUser();
    expect(answeredBefore.size).toBeGreaterThan(0);
    expect(answeredBefore.size).toBeLessThan(REFS);

    const again = await startServer();
    const finished = await until(again, job.id, (j) => j.finishedAt !== null);
    expect(finished).toMatchObject({ status: "COMPLETED", done: REFS, notMember: 0, failed: 0 });

    const deletes = deletesPerUser();
    // Refs answered before the crash were never sent again.
    const resent = [...answeredBefore].filter((uuid) => deletes.get(uuid ?? "") !== deletesAtKill.get(uuid ?? ""));
    expect(resent).toEqual([]);
    // Every ref was sent; only one in flight at the crash was sent twice.
    const sentTwice = users.filter((uuid) => (deletes.get(uuid) ?? 0) > 1);
    expect(users.filter((uuid) => !deletes.has(uuid))).toEqual([]);
    expect(sentTwice.filter((uuid) => !inFlight.has(uuid))).toEqual([]);
    expect(users.filter((uuid) => (deletes.get(uuid) ?? 0) > 2)).toEqual([]);

    // Each answer agrees with the simulator: every member named was removed, and a ref in flight at
    // the crash whose second DELETE found it gone is OutcomeUnknownError, never MembershipNotFoundError.
    expect(users.filter((uuid) => blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, uuid))).toEqual([]);
    const { bulkRemoval } = await graphql<{ bulkRemoval: { results: { edges: Array<{ node: { index: number; result: { __typename: string } } }> } } }>(again, RESULTS, { id: job.id });
    const answers = bulkRemoval.results.edges.map((e) => e.node);
    expect(answers.map((a) => a.index)).toEqual(users.map((_, i) => i));
    const unknown = answers.filter((a) => a.result.__typename !== "MembershipRemoval");
    expect(unknown.every((a) => a.result.__typename === "OutcomeUnknownError" && inFlight.has(users[a.index] ?? ""))).toBe(true);
    expect(finished.unknown).toBe(unknown.length);
    expect(blueshift.maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
  }, 90_000);
});

