import { JobTelemetry } from "../../src/jobs/job-telemetry";
import { createRedisBulkJobs } from "../../src/jobs/redis/redis-bulk-jobs";
import { describeBulkJobBehaviours } from "../support/bulk-job-behaviours";
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
const onRedis: BulkJobsFactory = async ({ providers, logger, metrics, ttlMs }) =>
  createRedisBulkJobs({
    url: redis.url,
    providers: new Map(providers.map((p) => [p.provider, p])),
    logger,
    telemetry: new JobTelemetry(logger, metrics),
    ttlMs: ttlMs ?? 3_600_000,
    prefix: `behaviours-${++facades}`,
  });

// CONTRACT §8's behaviours, the same table the in-process engine passes (bulk-jobs.test.ts).
describeBulkJobBehaviours("on BullMQ and Redis", (options) => startFacade({ ...options, bulkJobs: onRedis }));
