import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { BULK_JOB_DEFAULTS } from "../../config/config";
import { JOBS_CLOSE_WAIT_MS as CLOSE_WAIT_MS, JOBS_REDIS_COMMAND_TIMEOUT_MS as COMMAND_TIMEOUT_MS, JOBS_REDIS_CONNECT_WAIT_MS as CONNECT_WAIT_MS } from "../../config/tunables";
import type { Provider } from "../../graphql/provider.enum";
import type { Logger } from "../../log/logger";
import type { MembershipProvider } from "../../providers/membership-provider";
import { reconnectDelay } from "../../redis/reconnect-delay";
import { ThrottledLog } from "../../redis/throttled-log";
import { BulkJobsUnavailableError, type BulkJobResultsPage, type BulkJobs, type BulkJobView, type RunUnit, type StartBulkJob } from "../bulk-jobs";
import { assertSameRequest, requestFingerprintOf } from "../client-job-id";
import type { JobTelemetry } from "../job-telemetry";
import { planJob } from "../plan-job";
import { countAnswer, emptyCounts } from "../tally";
import { UnitRunner } from "../unit-runner";
import { JobRecords } from "./job-records";
import { OutagePolicy } from "./outage-policy";
import { ProviderQueues } from "./provider-queues";
import { UnitEnqueuer } from "./unit-enqueuer";

/**
 * How long a worker holds a unit without renewing its lock (BullMQ renews it every half of this
 * while the unit runs); workers look for lapsed locks every half of it too. A unit whose worker
 * died runs again within about twice this; a worker that cannot reach Redis for longer than this
 * may see its unit begun again elsewhere, as interrupted. BullMQ's own default: a Redis failover
 * or a long pause of the event loop does not cost a unit its lock.
 */
export const DEFAULT_LOCK_MS = BULK_JOB_DEFAULTS.lockMs;

export interface RedisBulkJobsOptions {
  /** REDIS_URL. It may carry a password: it is never logged. */
  url: string;
  /** The providers jobs may name; each one's BULK_CONCURRENCY (its BulkLimiter's) is the limit across all instances. */
  providers: ReadonlyMap<Provider, MembershipProvider>;
  logger: Logger;
  telemetry: JobTelemetry;
  /** How long a finished job and its results stay readable (BULK_JOB_TTL_HOURS, in ms so tests can wait it out). */
  ttlMs: number;
  /** How each unit is removed; the providers' own sessions unless given. */
  runUnit?: RunUnit;
  /** Namespaces every key, BullMQ's and the jobs' own: REDIS_KEY_PREFIX without its last ':' (jobsKeyPrefix). */
  prefix: string;
  /** A unit's lock, DEFAULT_LOCK_MS unless given (tests that kill workers cannot wait a minute). */
  lockMs?: number;
}

/** One error line per source per interval while Redis is unreachable. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Bulk-removal jobs on BullMQ with Redis: durable, shared by every instance on this Redis
 * (docs/contract.md §8). Resolves once Redis has answered, or has refused or failed its first connection,
 * or after CONNECT_WAIT_MS: a Redis that is down does not keep the server from starting, and
 * jobs become available when it answers.
 */
export async function createRedisBulkJobs(options: RedisBulkJobsOptions): Promise<BulkJobs> {
  const jobs = new RedisBulkJobs(options);
  await jobs.firstConnection();
  return jobs;
}

/**
 * The jobs' API on Redis: a job and its answers are records (JobRecords), its units wait on their
 * provider's queue (ProviderQueues, fed by UnitEnqueuer), and each unit is answered by the
 * UnitRunner the in-process engine uses too.
 */
class RedisBulkJobs implements BulkJobs {
  readonly durable = true;
  /**
   * The jobs' own connection. Commands fail at once while Redis is unreachable (no offline queue)
   * so a request is answered SERVICE_UNAVAILABLE instead of waiting for a Redis that may not come back.
   */
  private readonly redis: Redis;
  /**
   * The queues' shared connection. BullMQ requires maxRetriesPerRequest null on its connections
   * (docs.bullmq.io/guide/connections), so its commands wait out an outage rather than fail.
   */
  private readonly queueRedis: Redis;
  private readonly records: JobRecords;
  private readonly outages: OutagePolicy;
  private readonly queues: ProviderQueues;
  private readonly enqueuer: UnitEnqueuer;
  private closing = false;

  constructor(private readonly options: RedisBulkJobsOptions) {
    const errors = new ThrottledLog(options.logger, ERROR_LOG_INTERVAL_MS);
    const closing = () => this.closing;
    this.outages = new OutagePolicy(errors, closing);

    this.redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, retryStrategy: reconnectDelay });
    this.redis.on("error", (error: unknown) => errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; jobs cannot start or be read until it answers"));
    this.records = new JobRecords(this.redis, options.prefix, options.ttlMs);
    this.queueRedis = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
    this.queueRedis.on("error", (error: unknown) => errors.error("queues", error, "bulk-removal jobs: Redis is unreachable; units cannot be queued until it answers"));

    this.queues = new ProviderQueues({
      url: options.url,
      connection: this.queueRedis,
      prefix: options.prefix,
      providers: options.providers,
      records: this.records,
      runner: new UnitRunner(options.providers, options.logger, options.runUnit),
      outages: this.outages,
      telemetry: options.telemetry,
      logger: options.logger,
      errors,
      ttlMs: options.ttlMs,
      lockMs: options.lockMs ?? DEFAULT_LOCK_MS,
      closing,
    });
    this.enqueuer = new UnitEnqueuer(this.records, this.queues, errors, closing);
    this.redis.on("ready", () => {
      errors.reset("jobs");
      options.logger.info("bulk-removal jobs: Redis is reachable");
      this.queues.startWorkers();
      void this.enqueuer.recover();
    });
    options.telemetry.countJobsWith(() => this.records.countActive());
  }

  /** Settles on the first of: ready, an error (refused, unreachable), CONNECT_WAIT_MS. */
  async firstConnection(): Promise<void> {
    if (this.redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off("ready", done);
        this.redis.off("error", done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.redis.once("ready", done);
      this.redis.once("error", done);
    });
  }

  async available(): Promise<boolean> {
    return !this.closing && (await this.reachable());
  }

  async start(request: StartBulkJob): Promise<BulkJobView> {
    if (this.closing) throw new Error("Bulk-removal jobs are closed: this server is shutting down.");
    const { provider, groupId, owner } = request;
    const { units, refused } = planJob(provider, groupId, request.userRefs);
    const createdAt = new Date();
    const id = randomUUID();
    const fingerprint = request.clientJobId === null ? null : requestFingerprintOf(provider, groupId, request.userRefs);
    const created = await this.outages.reach(() =>
      this.records.create({ id, owner, provider, groupId, total: request.userRefs.length, createdAt, clientJobId: request.clientJobId, fingerprint, units, refused }),
    );
    if (!created.created) {
      const earlier = await this.outages.reach(() => this.records.read(created.id));
      if (earlier && earlier.owner === owner) {
        assertSameRequest(earlier.fingerprint, fingerprint);
        return earlier.view;
      }
      // The job it named has just expired: this request starts a new one under the same clientJobId.
      throw new BulkJobsUnavailableError("The job this clientJobId named expired a moment ago; send the request again.");
    }

    const counts = emptyCounts();
    for (const { result } of refused) countAnswer(counts, result);
    const finished = units.length === 0;
    const view: BulkJobView = {
      id,
      provider,
      groupId,
      status: finished ? "COMPLETED" : "QUEUED",
      total: request.userRefs.length,
      counts,
      createdAt,
      startedAt: finished ? createdAt : null,
      finishedAt: finished ? createdAt : null,
    };
    this.options.telemetry.started(view, owner);
    for (const { result } of refused) this.options.telemetry.answered(provider, result, 1);
    if (finished) this.options.telemetry.finished(view, owner);
    // The job and its units are in Redis already: the answer need not wait for the queue, and if
    // this instance dies before every unit is queued, another queues the rest (UnitEnqueuer.recover).
    else this.enqueuer.inBackground(id, { provider, groupId, units });
    return view;
  }

  async get(owner: string, id: string): Promise<BulkJobView | null> {
    const record = await this.outages.reach(() => this.records.read(id));
    return record && record.owner === owner ? record.view : null;
  }

  async cancel(owner: string, id: string): Promise<BulkJobView | null> {
    const canceled = await this.outages.reach(() => this.records.cancel(owner, id, new Date()));
    if (!canceled) return null;
    if (canceled.ended) this.options.telemetry.finished(canceled.record.view, canceled.record.owner);
    return canceled.record.view;
  }

  async results(owner: string, id: string, first: number, afterIndex: number): Promise<BulkJobResultsPage | null> {
    return this.outages.reach(() => this.records.results(owner, id, first, afterIndex));
  }

  async close(): Promise<void> {
    this.closing = true;
    const enqueued = this.enqueuer.stop();
    if (await this.reachable()) {
      const graceful = this.closeGracefully(enqueued);
      if (await settlesWithin(graceful, CLOSE_WAIT_MS)) return;
      // Redis went away during the shutdown: the QUITs waiting for it are cut short.
      await this.queues.disconnectWorkers();
      this.queueRedis.disconnect();
      this.redis.disconnect();
      await settlesWithin(graceful, 1_000);
      return;
    }
    // Redis does not answer: nothing can be stored, so nothing is waited for. A unit in flight
    // stays in flight in Redis, and the instance that takes it next runs it as interrupted.
    await this.queues.closeAtOnce();
    this.queueRedis.disconnect();
    this.redis.disconnect();
  }

  /**
   * Workers finish the units in flight and store their answers, then every connection says QUIT.
   * Each QUIT waits for Redis: this is for a Redis that answers.
   */
  private async closeGracefully(enqueued: Promise<unknown>): Promise<void> {
    await this.queues.closeWorkers();
    await enqueued;
    await this.queues.closeQueues();
    await this.queueRedis.quit();
    await this.redis.quit();
  }

  private async reachable(): Promise<boolean> {
    if (this.redis.status !== "ready") return false;
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }
}

/** Whether `promise` settles within `ms`; it is left running either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
