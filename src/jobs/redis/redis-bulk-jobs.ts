import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { BULK_JOB_DEFAULTS } from "../../config/config";
import {
  JOBS_CLOSE_WAIT_MS as CLOSE_WAIT_MS,
  JOBS_REDIS_COMMAND_TIMEOUT_MS as COMMAND_TIMEOUT_MS,
  JOBS_REDIS_CONNECT_WAIT_MS as CONNECT_WAIT_MS,
  JOB_ENQUEUE_CHUNK as ENQUEUE_CHUNK,
  JOB_ENQUEUE_GRACE_MS as ENQUEUE_GRACE_MS,
  JOB_ENQUEUE_SWEEP_INTERVAL_MS as ENQUEUE_SWEEP_INTERVAL_MS,
  JOB_UNIT_MAX_PAUSES,
} from "../../config/tunables";
import { OutcomeUnknownError } from "../../graphql/errors/outcome-unknown.error";
import { RateLimitedError } from "../../graphql/errors/rate-limited.error";
import { UpstreamFailureReason } from "../../graphql/errors/upstream-failure-reason.enum";
import type { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import type { Logger } from "../../log/logger";
import type { MembershipProvider } from "../../providers/membership-provider";
import { BulkJobsUnavailableError, type BulkJobResultsPage, type BulkJobs, type BulkJobUnit, type BulkJobView, type RunUnit, type StartBulkJob } from "../bulk-jobs";
import type { JobTelemetry } from "../job-telemetry";
import { assertSameRequest, requestFingerprintOf } from "../client-job-id";
import { planJob } from "../plan-job";
import { createRunUnit } from "../run-unit";
import { countAnswer, emptyCounts } from "../tally";
import { JobRecords, type PendingUnits } from "./job-records";
import { reconnectDelay } from "../../redis/reconnect-delay";
import { ThrottledLog } from "../../redis/throttled-log";
import { createUnitProcessor, type UnitData } from "./unit-processor";

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
  /** How each unit is answered; the providers' own sessions unless given. */
  runUnit?: RunUnit;
  /** Namespaces every key, BullMQ's and the jobs' own: REDIS_KEY_PREFIX without its last ':' (jobsKeyPrefix). */
  prefix: string;
  /** A unit's lock, DEFAULT_LOCK_MS unless given (tests that kill workers cannot wait a minute). */
  lockMs?: number;
  /** Retry-After pauses one unit waits out before its RateLimitedError is its answer; JOB_UNIT_MAX_PAUSES unless given. */
  maxPauses?: number;
}

/**
 * A stalled unit is never failed: BullMQ fails a job stalled more than maxStalledCount times, and
 * a failed unit would leave its job unfinished forever. Each stall is a worker that died or lost
 * Redis, and the unit runs again as interrupted.
 */
const NEVER_FAIL_STALLED = 1_000_000;
/**
 * BullMQ honours a manual rate limit (queue.rateLimit) only for workers that have a limiter
 * (moveToActive-11.lua reads the limiter key only when a max is set). This max is never reached by
 * counting, so it caps nothing; it lets a Retry-After pause every worker.
 */
const NO_RATE_CAP = { max: 1_000_000_000, duration: 1_000 };
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

class RedisBulkJobs implements BulkJobs {
  readonly durable = true;
  private readonly prefix: string;
  private readonly errors: ThrottledLog;
  /**
   * The jobs' own connection. Commands fail at once while Redis is unreachable (no offline queue)
   * so a request is answered SERVICE_UNAVAILABLE instead of waiting for a Redis that may not come back.
   */
  private readonly redis: Redis;
  private readonly records: JobRecords;
  /** The queues' shared connection (see the constructor). */
  private readonly queueRedis: Redis;
  private readonly queues = new Map<Provider, Queue<UnitData, void>>();
  private readonly workers = new Map<Provider, Worker<UnitData, void>>();
  /** Providers whose worker runs (worker.run() once, after the global concurrency is set). */
  private readonly running = new Set<Provider>();
  private readonly runUnit: RunUnit;
  private readonly sweeper: NodeJS.Timeout;
  /** Enqueues under way, waited for by close(). */
  private readonly enqueuing = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly options: RedisBulkJobsOptions) {
    this.prefix = options.prefix;
    this.errors = new ThrottledLog(options.logger, ERROR_LOG_INTERVAL_MS);
    this.runUnit = options.runUnit ?? createRunUnit(options.providers);
    const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;

    this.redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, retryStrategy: reconnectDelay });
    this.redis.on("error", (error: unknown) => this.errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; jobs cannot start or be read until it answers"));
    this.redis.on("ready", () => {
      this.errors.reset("jobs");
      options.logger.info("bulk-removal jobs: Redis is reachable");
      // Global concurrency lives in Redis: set again on every connection, in case Redis lost it.
      for (const provider of this.queues.keys()) void this.startWorker(provider);
      void this.recoverEnqueues();
    });
    this.records = new JobRecords(this.redis, this.prefix, options.ttlMs);

    // BullMQ's connections: it requires maxRetriesPerRequest null on the blocking ones
    // (docs.bullmq.io/guide/connections), so its commands wait out an outage rather than fail.
    // Workers build and close their own. The queues share one this engine owns: a Queue closes a
    // connection it built with QUIT, which waits for a Redis that may never answer again.
    const connection: ConnectionOptions = { url: options.url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
    this.queueRedis = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
    this.queueRedis.on("error", (error: unknown) => this.errors.error("queues", error, "bulk-removal jobs: Redis is unreachable; units cannot be queued until it answers"));
    for (const [provider, membership] of options.providers) {
      const name = `bulk-removal-${provider.toLowerCase()}`;
      const queue = new Queue<UnitData, void>(name, {
        connection: this.queueRedis,
        prefix: this.prefix,
        defaultJobOptions: {
          removeOnComplete: true,
          // Never expected: a unit's processor answers every outcome. Kept as long as a finished job, for inspection.
          removeOnFail: { age: Math.ceil(options.ttlMs / 1000) },
          attempts: 5,
          backoff: { type: "exponential", delay: 1_000 },
        },
      });
      queue.on("error", (error: unknown) => this.errors.error(`queue ${provider}`, error, "bulk-removal jobs: queue error"));
      this.queues.set(provider, queue);

      const worker = new Worker<UnitData, void>(
        name,
        createUnitProcessor({
          provider,
          records: this.records,
          answer: (groupId, unit, interrupted) => this.answer(provider, groupId, unit, interrupted),
          // As long as the provider's other calls are held (BulkLimiter.holdMs); 0 holds nothing, and BullMQ has no 0 ms limit.
          pauseProvider: async (toldSeconds) => {
            const ms = membership.bulk.holdMs(toldSeconds);
            if (ms > 0) await queue.rateLimit(ms);
          },
          maxPauses: options.maxPauses ?? JOB_UNIT_MAX_PAUSES,
          persist: (step) => this.persist(step),
          answered: (result, positions) => options.telemetry.answered(provider, result, positions),
          finished: (record) => options.telemetry.finished(record.view, record.owner),
        }),
        {
          connection,
          prefix: this.prefix,
          // With the queue's global concurrency (set before the worker runs), BULK_CONCURRENCY
          // is the limit across every instance; this lets one instance alone use all of it.
          concurrency: membership.bulk.concurrency,
          autorun: false,
          lockDuration: lockMs,
          stalledInterval: Math.max(Math.round(lockMs / 2), 250),
          maxStalledCount: NEVER_FAIL_STALLED,
          limiter: NO_RATE_CAP,
        },
      );
      worker.on("error", (error: unknown) => this.errors.error(`worker ${provider}`, error, "bulk-removal jobs: worker error"));
      worker.on("failed", (job, error) =>
        options.logger.error({ provider, unit: job?.id, reason: error.message }, "bulk-removal jobs: a unit failed instead of being answered"),
      );
      this.workers.set(provider, worker);
      void this.startWorker(provider);
    }

    options.telemetry.countJobsWith(() => this.records.countActive());
    this.sweeper = setInterval(() => void this.recoverEnqueues(), ENQUEUE_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
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
    const created = await this.reach(() =>
      this.records.create({ id, owner, provider, groupId, total: request.userRefs.length, createdAt, clientJobId: request.clientJobId, fingerprint, units, refused }),
    );
    if (!created.created) {
      const earlier = await this.reach(() => this.records.read(created.id));
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
    // this instance dies before every unit is queued, another queues the rest (recoverEnqueues).
    else this.enqueueInBackground(id, { provider, groupId, units });
    return view;
  }

  async get(owner: string, id: string): Promise<BulkJobView | null> {
    const record = await this.reach(() => this.records.read(id));
    return record && record.owner === owner ? record.view : null;
  }

  async cancel(owner: string, id: string): Promise<BulkJobView | null> {
    const canceled = await this.reach(() => this.records.cancel(owner, id, new Date()));
    if (!canceled) return null;
    if (canceled.ended) this.options.telemetry.finished(canceled.record.view, canceled.record.owner);
    return canceled.record.view;
  }

  async results(owner: string, id: string, first: number, afterIndex: number): Promise<BulkJobResultsPage | null> {
    return this.reach(() => this.records.results(owner, id, first, afterIndex));
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    if (await this.reachable()) {
      const graceful = this.closeGracefully();
      if (await settlesWithin(graceful, CLOSE_WAIT_MS)) return;
      // Redis went away during the shutdown: the QUITs waiting for it are cut short.
      await Promise.all([...this.workers.values()].map((worker) => quietly(worker.disconnect())));
      this.queueRedis.disconnect();
      this.redis.disconnect();
      await settlesWithin(graceful, 1_000);
      return;
    }
    // Redis does not answer: nothing can be stored, so nothing is waited for. A unit in flight
    // stays in flight in Redis, and the instance that takes it next runs it as interrupted.
    await Promise.all([...this.workers.values()].map((worker) => quietly(worker.close(true))));
    await Promise.all([...this.queues.values()].map((queue) => quietly(queue.close())));
    this.queueRedis.disconnect();
    this.redis.disconnect();
  }

  /**
   * Workers finish the units in flight and store their answers (worker.close waits for them),
   * then every connection says QUIT. Each QUIT waits for Redis: this is for a Redis that answers.
   */
  private async closeGracefully(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    await Promise.allSettled([...this.enqueuing]);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
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

  /**
   * One unit through the provider's BulkLimiter, as removeUsersFromGroup sends an item: a
   * Retry-After that any call of this process met (a single removal's too) holds it back, and a
   * pause longer than a removal waits comes back as a RateLimitedError, which the processor turns
   * into a pause of every instance.
   */
  private answer(provider: Provider, groupId: string, unit: BulkJobUnit, interrupted: boolean): Promise<RemoveUserFromGroupResult> {
    const membership = this.options.providers.get(provider);
    const run = () => this.guarded(provider, groupId, unit, interrupted);
    if (!membership) return run();
    return membership.bulk.run(
      run,
      (retryAfterSeconds) =>
        new RateLimitedError({
          provider,
          retryAfterSeconds,
          message: `The provider asked this server to wait ${retryAfterSeconds} s (Retry-After): this user was not sent, nothing was changed.`,
        }),
    );
  }

  /**
   * A unit that throws is a defect of this server, not an answer of the provider; its request may
   * have been sent, so the honest answer is that the outcome is unknown, and the job goes on (as
   * in-process-bulk-jobs.ts answers it).
   */
  private async guarded(provider: Provider, groupId: string, unit: BulkJobUnit, interrupted: boolean): Promise<RemoveUserFromGroupResult> {
    try {
      return await this.runUnit(provider, groupId, unit, interrupted);
    } catch (error) {
      this.options.logger.error({ err: error, provider }, "bulk removal job unit failed");
      return new OutcomeUnknownError({
        provider,
        attempts: 1,
        reason: UpstreamFailureReason.NETWORK,
        message: "This server failed while removing the user, after its request may have been sent. Removing again is safe; check the group before relying on either outcome.",
      });
    }
  }

  /**
   * A worker's Redis step, tried until Redis answers: while it is unreachable the worker holds
   * its unit (and takes no other), and the answer it got from the provider is stored once Redis
   * is back rather than lost. Only closing gives up: the unit then stays in flight, and the
   * instance that takes it next runs it as interrupted.
   */
  private async persist<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (this.closing || !isTransient(error)) throw error;
        this.errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; workers wait for it");
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    }
  }

  /** A request's Redis step: unreachable Redis is SERVICE_UNAVAILABLE (docs/contract.md §8), not a defect. */
  private async reach<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; jobs cannot start or be read until it answers");
      throw new BulkJobsUnavailableError("Bulk-removal jobs are unavailable: their store (Redis) cannot be reached. Try again later.");
    }
  }

  /**
   * Sets the provider's global concurrency, then lets its worker run if it does not yet. The
   * worker takes no unit before the limit is in Redis, or two instances starting together could
   * each run BULK_CONCURRENCY units for a moment.
   */
  private async startWorker(provider: Provider): Promise<void> {
    const queue = this.queues.get(provider);
    const worker = this.workers.get(provider);
    const membership = this.options.providers.get(provider);
    if (!queue || !worker || !membership) return;
    try {
      // BullMQ's Queue waits for its connection, so this resolves once Redis answers, however late.
      await queue.setGlobalConcurrency(membership.bulk.concurrency);
    } catch (error) {
      if (!this.closing) this.errors.error(`queue ${provider}`, error, "bulk-removal jobs: could not set the global concurrency");
      return;
    }
    if (this.closing || this.running.has(provider)) return;
    this.running.add(provider);
    worker.run().catch((error: unknown) => {
      this.running.delete(provider);
      if (!this.closing) this.errors.error(`worker ${provider}`, error, "bulk-removal jobs: worker stopped");
    });
  }

  private enqueueInBackground(id: string, pending: PendingUnits): void {
    const enqueue = this.enqueue(id, pending)
      .catch((error: unknown) => this.errors.error("enqueue", error, "bulk-removal jobs: units not queued yet; another try follows"))
      .finally(() => this.enqueuing.delete(enqueue));
    this.enqueuing.add(enqueue);
  }

  /**
   * Puts a job's units on its provider's queue. BullMQ ids are the job id and the unit's index, so
   * queuing a unit twice (a retried start, a sweep racing the first try) adds it once.
   */
  private async enqueue(id: string, pending: PendingUnits): Promise<void> {
    const queue = this.queues.get(pending.provider);
    if (!queue) throw new Error(`No queue for provider ${pending.provider}`);
    for (let from = 0; from < pending.units.length && !this.closing; from += ENQUEUE_CHUNK) {
      const chunk = pending.units.slice(from, from + ENQUEUE_CHUNK);
      await queue.addBulk(chunk.map((unit, i) => ({ name: "unit", data: { job: id, groupId: pending.groupId, unit }, opts: { jobId: `${id}.${from + i}` } })));
    }
    if (!this.closing) await this.records.markEnqueued(id);
  }

  /** Queues the units of jobs whose start stopped half-way (the instance died, Redis went away). */
  private async recoverEnqueues(): Promise<void> {
    if (this.closing) return;
    try {
      for (const id of await this.records.unfinishedEnqueues(new Date(Date.now() - ENQUEUE_GRACE_MS))) {
        const pending = await this.records.pendingUnits(id);
        if (pending && this.queues.has(pending.provider)) await this.enqueue(id, pending);
      }
    } catch (error) {
      if (!this.closing) this.errors.error("enqueue", error, "bulk-removal jobs: could not look for jobs left half-queued");
    }
  }
}

function quietly(step: Promise<unknown>): Promise<unknown> {
  return step.catch(() => undefined);
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


/**
 * A failure of reaching Redis rather than of the command: a closed or unwritable connection, a
 * timeout, a Redis still loading its data after a restart. A ReplyError is Redis refusing the
 * command itself (a script error), which waiting does not cure.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name !== "ReplyError") return true;
  return /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN)\b/.test(error.message);
}
