import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { JobTelemetry } from "../../src/jobs/job-telemetry";
import { createRedisBulkJobs } from "../../src/jobs/redis/redis-bulk-jobs";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftFaults, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { START_BULK_REMOVAL, type JobAnswer } from "../support/bulk-job-behaviours";
import { startFacade, type BulkJobsFactory, type Facade } from "../support/facade";
import { startRedisServer, type RedisServer } from "../support/redis-server";

/**
 * docs/contract.md §7 for bulk-removal jobs on Redis: a Retry-After pauses every worker of the
 * provider's queue for UPSTREAM_MAX_PAUSE_S at most, however long the provider asked for; the ref
 * that met it is sent again once the pause is over, and the job completes.
 */

const JOB = /* GraphQL */ `query Job($id: ID!) { bulkRemoval(id: $id) { status done removed failed finishedAt } }`;
const REFS = 5;

let redis: RedisServer;
let facade: Facade;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());
afterEach(() => facade.close());

const onRedis: BulkJobsFactory = async ({ providers, logger, metrics, ttlMs }) =>
  createRedisBulkJobs({
    url: redis.url,
    providers: new Map(providers.map((p) => [p.provider, p])),
    logger,
    telemetry: new JobTelemetry(logger, metrics),
    ttlMs: ttlMs ?? 3_600_000,
    prefix: "retry-after-pause",
  });

const post = (query: string, variables: Record<string, unknown>) => request(facade.url).post("").set("content-type", "application/json").send({ query, variables });

/** The job once finished, or as it stands after `withinMs`. */
async function finishedJob(id: string, withinMs: number): Promise<JobAnswer> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const job = (await post(JOB, { id })).body.data.bulkRemoval as JobAnswer;
    if (job.finishedAt !== null || Date.now() > giveUpAt) return job;
    await sleep(25);
  }
}

it("pauses the queue for UPSTREAM_MAX_PAUSE_S, not the day the provider asked for, then sends the ref again and completes the job", async () => {
  facade = await startFacade({
    blueshiftSimulator: { seed: blueshiftBulkSeed(REFS) },
    bulk: { concurrency: 1, maxRefs: 1000 },
    // The pause is longer than a removal's deadline, so the ref that meets it is answered RateLimitedError and goes back to the queue.
    upstream: { maxPauseS: 1, timeoutMs: 500, deadlineMs: 1_000 },
    bulkJobs: onRedis,
  });
  facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("86400")]);
  const userRefs = Array.from({ length: REFS }, (_, i) => ({ uuid: bulkCustomer(i).uuid }));
  const started = await post(START_BULK_REMOVAL, { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRefs });
  const { id } = started.body.data.startBulkRemoval as JobAnswer;

  expect(await finishedJob(id, 15_000)).toMatchObject({ status: "COMPLETED", done: REFS, removed: REFS, failed: 0 });
  const first = `/${bulkCustomer(0).uuid}`;
  expect(facade.blueshift.requestsTo("removeUser").filter((r) => r.path.split("?")[0]?.endsWith(first))).toHaveLength(2);
}, 30_000);
