import { BULK_JOB_DEFAULTS, jobsKeyPrefix, type BulkJobsConfig, type RedisConfig } from "../config/config";
import type { Provider } from "../graphql/provider.enum";
import type { Logger } from "../log/logger";
import type { MembershipProvider } from "../providers/membership-provider";
import type { Metrics } from "../telemetry/metrics";
import type { BulkJobs } from "./bulk-jobs";
import { InProcessBulkJobs } from "./in-process-bulk-jobs";
import { JobTelemetry } from "./job-telemetry";

export interface CreateBulkJobsOptions {
  /** maxRefsPerCaller: its default unless given (server.ts builds jobs without it when a test passes none). */
  config: Pick<BulkJobsConfig, "ttlHours" | "lockMs"> & Partial<Pick<BulkJobsConfig, "maxRefsPerCaller">>;
  /** With a url (REDIS_URL), jobs run on BullMQ there, under its keyPrefix; in this process otherwise. */
  redis?: RedisConfig;
  providers: readonly MembershipProvider[];
  logger: Logger;
  metrics: Metrics;
  /** Overrides BULK_JOB_TTL_HOURS, so a test can see a finished job expire. */
  ttlMs?: number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * The job engine docs/contract.md §8 names for this configuration: on BullMQ in REDIS_URL's Redis when it
 * is set (durable, shared by every instance on it), else in this process.
 */
export async function createBulkJobs(options: CreateBulkJobsOptions): Promise<BulkJobs> {
  const ttlMs = options.ttlMs ?? options.config.ttlHours * MS_PER_HOUR;
  const telemetry = new JobTelemetry(options.logger, options.metrics);
  const providers: ReadonlyMap<Provider, MembershipProvider> = new Map(options.providers.map((p) => [p.provider, p]));
  const redis = options.redis;
  if (redis !== undefined && redis.url !== null) {
    // Loaded only here: a server without REDIS_URL never loads BullMQ and ioredis.
    const { createRedisBulkJobs } = await import("./redis/redis-bulk-jobs");
    return createRedisBulkJobs({ url: redis.url.reveal(), prefix: jobsKeyPrefix(redis), providers, logger: options.logger, telemetry, ttlMs, lockMs: options.config.lockMs });
  }
  return new InProcessBulkJobs({ providers, logger: options.logger, telemetry, ttlMs, maxRefsPerCaller: options.config.maxRefsPerCaller ?? BULK_JOB_DEFAULTS.maxRefsPerCaller });
}
