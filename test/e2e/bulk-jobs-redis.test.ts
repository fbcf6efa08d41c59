import request from "supertest";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import type { RunUnit } from "../../src/jobs/bulk-jobs";
import { JobTelemetry } from "../../src/jobs/job-telemetry";
import { createRedisBulkJobs } from "../../src/jobs/redis/redis-bulk-jobs";
import { removeUnitWith } from "../../src/jobs/unit-runner";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { describeBulkJobBehaviours, START_BULK_REMOVAL } from "../support/bulk-job-behaviours";
import { startFacade, type BulkJobsFactory } from "../support/facade";
import { startRedisServer, type RedisServer } from "../support/redis-server";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

let facades = 0;
/**
 * The Redis engine on this file's redis-server. Each facade gets its own key prefix: its workers
 * must take only its own jobs, whose refs name its own simulators.
 */
function onRedis(prefix = `behaviours-${++facades}`, runUnit?: (removal: RunUnit) => RunUnit): BulkJobsFactory {
  return async ({ providers, logger, metrics, ttlMs }) => {
    const byProvider = new Map(providers.map((p) => [p.provider, p]));
    return createRedisBulkJobs({
      url: redis.url,
      providers: byProvider,
      logger,
      telemetry: new JobTelemetry(logger, metrics),
      ttlMs: ttlMs ?? 3_600_000,
      prefix,
      ...(runUnit ? { runUnit: runUnit(removeUnitWith(byProvider)) } : {}),
    });
  };
}

// docs/contract.md §7 and §8's behaviours, the same table the in-process engine passes (bulk-jobs.test.ts).
describeBulkJobBehaviours("on BullMQ and Redis", (options, runUnit) => startFacade({ ...options, bulkJobs: onRedis(undefined, runUnit) }));

describe("what a finished job leaves in Redis", () => {
  it("gives every key of a finished job, its clientJobId's too, the job's TTL, keeps none of its units on the queue, and is then empty of it", async () => {
    const prefix = `ttl-${++facades}`;
    const facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(10) }, bulkJobTtlMs: 1_000, bulkJobs: onRedis(prefix) });
    const inspect = new Redis(redis.url);
    try {
      const userRefs = [...Array.from({ length: 10 }, (_, i) => ({ uuid: bulkCustomer(i).uuid })), { uuid: bulkCustomer(3).uuid }, { username: ".." }];
      const response = await request(facade.url)
        .post("")
        .set("content-type", "application/json")
        .send({ query: START_BULK_REMOVAL, variables: { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRefs, clientJobId: "ttl" } });
      const { id } = response.body.data.startBulkRemoval as { id: string };
      const jobKeys = async () => (await inspect.keys(`${prefix}:*`)).filter((key) => key.includes(id) || key.includes(":client-job:"));
      const finished = async () => (await inspect.hget(`${prefix}:job:{${id}}:meta`, "finishedAt")) ?? "";
      while ((await finished()) === "") await sleep(20);

      const keys = await jobKeys();
      // meta, results, answered, the clientJobId; no BullMQ job of a unit is kept once it is answered.
      expect(keys.filter((key) => key.includes(`:bulk-removal-`))).toEqual([]);
      expect(keys.length).toBeGreaterThanOrEqual(4);
      const ttls = await Promise.all(keys.map(async (key) => [key, await inspect.pttl(key)] as const));
      expect(ttls.filter(([, ttl]) => ttl <= 0 || ttl > 1_000)).toEqual([]);
      while ((await jobKeys()).length > 0) await sleep(50);
      // Nothing of the job is left for /metrics to count either.
      expect(await inspect.scard(`${prefix}:jobs:RUNNING`)).toBe(0);
      expect(await inspect.scard(`${prefix}:jobs:QUEUED`)).toBe(0);
    } finally {
      inspect.disconnect();
      await facade.close();
    }
  });
});
