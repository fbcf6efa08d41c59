import request from "supertest";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { Provider } from "../../src/graphql/provider.enum";
import type { RunUnit } from "../../src/jobs/bulk-jobs";
import { JobTelemetry } from "../../src/jobs/job-telemetry";
import { jobKeys } from "../../src/jobs/redis/job-keys";
import { createRedisBulkJobs } from "../../src/jobs/redis/redis-bulk-jobs";
import { removeUnitWith } from "../../src/jobs/unit-runner";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftDemo, blueshiftFaults, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { START_BULK_REMOVAL, type JobAnswer } from "../support/bulk-job-behaviours";
import { startFacade, type BulkJobsFactory, type Facade } from "../support/facade";
import { logCapture } from "../support/log-capture";
import { startRedisServer, type RedisServer } from "../support/redis-server";

/**
 * The Redis engine with more than one instance and with Redis itself in trouble (docs/contract.md §8):
 * two servers share one job within one BULK_CONCURRENCY, and a Retry-After one meets pauses both;
 * a unit a worker left in flight is answered by the interruption rule, after any pause it meets;
 * Redis stopped mid-job and started again costs no answer and sends no ref twice; Redis down at
 * start leaves the server up and jobs unavailable until it answers. Servers here are buildServer instances in this process; the
 * SIGKILL of whole processes is bulk-jobs-redis-processes.test.ts.
 */

const JOB_FIELDS = "id status total done removed notMember failed unknown finishedAt";
const JOB = /* GraphQL */ `query Job($id: ID!) { bulkRemoval(id: $id) { ${JOB_FIELDS} } }`;
const CANCEL = /* GraphQL */ `mutation Cancel($id: ID!) { cancelBulkRemoval(id: $id) { ${JOB_FIELDS} } }`;
const RESULTS = /* GraphQL */ `
  query Results($id: ID!) {
    bulkRemoval(id: $id) { results(first: 1000) { edges { node { index result { __typename ... on RateLimitedError { retryAfterSeconds } } } } } }
  }
`;


let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

let prefixes = 0;

/** The Redis engine on this file's server; servers of one test share `prefix`, so they share its jobs. */
function onRedis(prefix: string, wrap: (run: RunUnit) => RunUnit = (run) => run): BulkJobsFactory {
  return async ({ providers, logger, metrics, ttlMs }) => {
    const byProvider = new Map(providers.map((p) => [p.provider, p]));
    return createRedisBulkJobs({
      url: redis.url,
      providers: byProvider,
      logger,
      telemetry: new JobTelemetry(logger, metrics),
      ttlMs: ttlMs ?? 3_600_000,
      prefix,
      runUnit: wrap(removeUnitWith(byProvider)),
    });
  };
}

function startJob(facade: Facade, refs: number, from = 0): Promise<request.Response> {
  const userRefs = Array.from({ length: refs }, (_, i) => ({ uuid: bulkCustomer(from + i).uuid }));
  return request(facade.url)
    .post("")
    .set("content-type", "application/json")
    .send({ query: START_BULK_REMOVAL, variables: { provider: Provider.BLUESHIFT, groupId: BLUESHIFT_BULK_GROUP_ID, userRefs } });
}

async function started(facade: Facade, refs: number, from = 0): Promise<JobAnswer> {
  const response = await startJob(facade, refs, from);
  if (response.body.errors) throw new Error(`startBulkRemoval: ${JSON.stringify(response.body.errors)}`);
  return response.body.data.startBulkRemoval as JobAnswer;
}

async function job(facade: Facade, id: string): Promise<JobAnswer> {
  const response = await request(facade.url).post("").set("content-type", "application/json").send({ query: JOB, variables: { id } });
  if (response.body.errors || !response.body.data.bulkRemoval) throw new Error(`bulkRemoval: ${JSON.stringify(response.body)}`);
  return response.body.data.bulkRemoval as JobAnswer;
}

async function until(facade: Facade, id: string, condition: (job: JobAnswer) => boolean): Promise<JobAnswer> {
  for (;;) {
    const answer = await job(facade, id).catch(() => null);
    if (answer && condition(answer)) return answer;
    await sleep(25);
  }
}

/** removeUser requests the simulator received, per customer uuid (the last path segment). */
function deletesPerUser(facade: Facade): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { path } of facade.blueshift.requestsTo("removeUser")) {
    const uuid = path.split("?")[0]?.split("/").pop() ?? "";
    counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
  }
  return counts;
}

describe("bulk-removal jobs on Redis, shared by several servers", () => {
  const servers: Facade[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("shares one job between two servers, never more than BULK_CONCURRENCY removals in flight at the provider, and logs its end once", async () => {
    const prefix = `shared-${++prefixes}`;
    const worked = [0, 0];
    const counting = (server: number) => (run: RunUnit): RunUnit => (...args) => {
      worked[server] = (worked[server] ?? 0) + 1;
      return run(...args);
    };
    const logs = [logCapture(), logCapture()];
    const bulk = { concurrency: 4, maxRefs: 1000 };
    const first = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(400) }, bulk, bulkJobs: onRedis(prefix, counting(0)), log: { level: "info", destination: logs[0]!.destination } });
    servers.push(first);
    // The second server's Blueshift is the first one's simulator: one provider account, two instances.
    servers.push(
      await startFacade({ blueshiftBaseUrl: first.blueshift.url, bulk, bulkJobs: onRedis(prefix, counting(1)), log: { level: "info", destination: logs[1]!.destination } }),
    );
    first.blueshift.setLatency(20);

    const { id } = await started(first, 400);
    const done = await until(servers[1]!, id, (j) => j.finishedAt !== null);

    expect(done).toMatchObject({ status: "COMPLETED", total: 400, done: 400, removed: 400 });
    expect(first.blueshift.maxInFlight).toBeLessThanOrEqual(bulk.concurrency);
    // Both instances took units of the one job.
    expect(worked[0]).toBeGreaterThan(0);
    expect(worked[1]).toBeGreaterThan(0);
    expect((worked[0] ?? 0) + (worked[1] ?? 0)).toBe(400);
    expect([...deletesPerUser(first).values()].every((n) => n === 1)).toBe(true);
    const ends = logs.flatMap((log) => log.lines()).filter((line) => line.msg === "bulk removal job finished");
    expect(ends).toEqual([expect.objectContaining({ jobId: id, status: "COMPLETED", removed: 400, provider: "BLUESHIFT", owner: "anonymous" })]);
  });
});

describe("bulk-removal jobs on Redis, when the provider asks them to wait (Retry-After)", () => {
  const servers: Facade[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  // A Retry-After longer than the removal's deadline ends the call at once with RateLimitedError (docs/contract.md §7).
  const upstream = { deadlineMs: 1000 };

  it("pauses every server's workers when one of them meets a Retry-After", async () => {
    const prefix = `retry-after-${++prefixes}`;
    const bulk = { concurrency: 2, maxRefs: 1000 };
    const first = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(40) }, bulk, upstream, bulkJobs: onRedis(prefix) });
    servers.push(first);
    servers.push(await startFacade({ blueshiftBaseUrl: first.blueshift.url, bulk, upstream, bulkJobs: onRedis(prefix) }));
    first.blueshift.setLatency(20);
    const { id } = await started(first, 40);
    await until(first, id, (j) => j.done >= 6);

    first.blueshift.script("removeUser", [blueshiftFaults.rateLimited("60")]);
    // Whichever server met it, neither sends another removal: only those already under way end.
    const settled = await stableCount(() => first.blueshift.requestsTo("removeUser").length);
    const paused = await job(first, id);
    expect(paused.status).toBe("RUNNING");
    expect(paused.done).toBeLessThan(40);
    expect(settled).toBeLessThanOrEqual(paused.done + 1);

    const canceled = await request(first.url).post("").set("content-type", "application/json").send({ query: CANCEL, variables: { id } });
    expect(canceled.body.data.cancelBulkRemoval.status).toBe("CANCELED");
  });
});

describe("bulk-removal jobs on Redis, a unit whose worker stopped before storing its answer", () => {
  let facade: Facade | undefined;
  let queue: Queue | undefined;
  let inspect: Redis | undefined;
  afterEach(async () => {
    await facade?.close();
    await queue?.close();
    inspect?.disconnect();
  });

  it("is tried again after a Retry-After's pause like any unit, and a confirmed removal is then its answer", async () => {
    const prefix = `interrupted-${++prefixes}`;
    // Paused with BullMQ's own API, so that no worker takes the unit before the test marks it in flight.
    queue = new Queue("bulk-removal-blueshift", { connection: { url: redis.url }, prefix });
    await queue.pause();
    inspect = new Redis(redis.url);
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(1) }, upstream: { deadlineMs: 1000 }, bulkJobs: onRedis(prefix) });
    const { id } = await started(facade, 1);
    // What a worker that died mid-attempt leaves behind: the unit in flight, without an answer.
    await inspect.sadd(jobKeys(prefix, id).inFlight, `uuid:${bulkCustomer(0).uuid}`);
    // Longer than the removal's deadline: this run is refused, having sent nothing that can apply.
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("1")]);
    await queue.resume();

    const done = await until(facade, id, (j) => j.finishedAt !== null);
    expect(done).toMatchObject({ status: "COMPLETED", done: 1, removed: 1, unknown: 0, failed: 0 });
    const results = await request(facade.url).post("").set("content-type", "application/json").send({ query: RESULTS, variables: { id } });
    expect(results.body.data.bulkRemoval.results.edges).toEqual([{ node: { index: 0, result: { __typename: "MembershipRemoval" } } }]);
    expect(deletesPerUser(facade).get(bulkCustomer(0).uuid)).toBe(2);
    expect(facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, bulkCustomer(0).uuid)).toBe(false);
  });
});

describe("bulk-removal jobs on Redis, when Redis goes away", () => {
  let facade: Facade | undefined;
  afterEach(async () => {
    await facade?.close();
    facade = undefined;
  });

  it("stops taking refs while Redis is down, answers SERVICE_UNAVAILABLE meanwhile, and completes once it is back, with no ref sent twice", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(400) }, bulkJobs: onRedis(`outage-${++prefixes}`) });
    facade.blueshift.setLatency(20);
    const { id } = await started(facade, 300);
    await until(facade, id, (j) => j.done >= 60);

    await redis.halt();
    const refused = await startJob(facade, 1, 350);
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "SERVICE_UNAVAILABLE" }) })]);
    // Single removals do not need Redis.
    expect(await facade.result(Provider.BLUESHIFT, blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })).toMatchObject({ __typename: "MembershipRemoval" });
    // The units in flight when Redis went away end at the provider; then no worker takes another.
    const settled = await stableCount(() => facade!.blueshift.requestsTo("removeUser").length);
    expect(settled).toBeLessThan(300);

    await redis.restart();
    const done = await until(facade, id, (j) => j.finishedAt !== null);
    expect(done).toMatchObject({ status: "COMPLETED", done: 300, removed: 300, notMember: 0, failed: 0, unknown: 0 });
    // Each ref of the job reached the provider exactly once.
    const deletes = deletesPerUser(facade);
    const notOnce = Array.from({ length: 300 }, (_, i) => bulkCustomer(i).uuid).filter((uuid) => deletes.get(uuid) !== 1);
    expect(notOnce).toEqual([]);
  });

  it("starts while Redis is down: jobs answer SERVICE_UNAVAILABLE, single removals work, and jobs run once Redis answers", async () => {
    await redis.halt();
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(20) }, bulkJobs: onRedis(`down-at-start-${++prefixes}`) });
    const refused = await startJob(facade, 2);
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "SERVICE_UNAVAILABLE" }) })]);
    expect(await facade.result(Provider.BLUESHIFT, blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })).toMatchObject({ __typename: "MembershipRemoval" });
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);

    await redis.restart();
    let accepted: request.Response;
    do {
      await sleep(50);
      accepted = await startJob(facade, 2);
    } while (accepted.status === 503);
    const { id } = accepted.body.data.startBulkRemoval as JobAnswer;
    expect(await until(facade, id, (j) => j.finishedAt !== null)).toMatchObject({ status: "COMPLETED", removed: 2 });
  });
});

/** The value once it has not changed for 500 ms: what is left in flight has ended. */
async function stableCount(read: () => number): Promise<number> {
  let last = read();
  for (;;) {
    await sleep(500);
    const now = read();
    if (now === last) return now;
    last = now;
  }
}
