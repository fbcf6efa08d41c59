import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Provider } from "../../graphql/provider.enum";
import type { Logger } from "../../log/logger";
import type { MembershipProvider } from "../../providers/membership-provider";
import { reconnectDelay } from "../../redis/reconnect-delay";
import type { ThrottledLog } from "../../redis/throttled-log";
import type { JobTelemetry } from "../job-telemetry";
import type { UnitRunner } from "../unit-runner";
import type { JobRecords } from "./job-records";
import type { OutagePolicy } from "./outage-policy";
import { createUnitProcessor, type UnitData } from "./unit-processor";

export interface ProviderQueuesOptions {
  /** REDIS_URL, for the workers' own connections. */
  url: string;
  /** The connection every queue shares; its owner closes it. */
  connection: Redis;
  prefix: string;
  providers: ReadonlyMap<Provider, MembershipProvider>;
  records: JobRecords;
  runner: UnitRunner;
  outages: OutagePolicy;
  telemetry: JobTelemetry;
  logger: Logger;
  errors: ThrottledLog;
  /** How long a finished job stays readable: a failed unit is kept as long, for inspection. */
  ttlMs: number;
  /** A unit's lock (BULK_JOB_LOCK_MS). */
  lockMs: number;
  closing(): boolean;
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

/**
 * One BullMQ queue per provider, and this instance's worker on it. The queue's global concurrency
 * is the provider's BULK_CONCURRENCY, so that is the limit across every instance; a Retry-After
 * pauses the whole queue, every instance's workers (docs/contract.md §8, §10).
 */
export class ProviderQueues {
  private readonly queues = new Map<Provider, Queue<UnitData, void>>();
  private readonly workers = new Map<Provider, Worker<UnitData, void>>();
  /** Providers whose worker runs (worker.run() once, after the global concurrency is set). */
  private readonly running = new Set<Provider>();

  constructor(private readonly options: ProviderQueuesOptions) {
    const { errors } = options;
    // BullMQ's connections: it requires maxRetriesPerRequest null on the blocking ones
    // (docs.bullmq.io/guide/connections), so its commands wait out an outage rather than fail.
    // Workers build and close their own. The queues share one the engine owns: a Queue closes a
    // connection it built with QUIT, which waits for a Redis that may never answer again.
    const connection: ConnectionOptions = { url: options.url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
    for (const [provider, membership] of options.providers) {
      const name = `bulk-removal-${provider.toLowerCase()}`;
      const queue = new Queue<UnitData, void>(name, {
        connection: options.connection,
        prefix: options.prefix,
        defaultJobOptions: {
          removeOnComplete: true,
          // Never expected: a unit's processor answers every outcome. Kept as long as a finished job, for inspection.
          removeOnFail: { age: Math.ceil(options.ttlMs / 1000) },
          attempts: 5,
          backoff: { type: "exponential", delay: 1_000 },
        },
      });
      queue.on("error", (error: unknown) => errors.error(`queue ${provider}`, error, "bulk-removal jobs: queue error"));
      this.queues.set(provider, queue);

      const processor = createUnitProcessor({
        provider,
        records: options.records,
        runner: options.runner,
        // BullMQ's manual rate limit (docs.bullmq.io/guide/rate-limiting); it has no 0 ms limit.
        pauseQueue: async (ms) => {
          if (ms > 0) await queue.rateLimit(ms);
        },
        persist: (step) => options.outages.persist(step),
        answered: (result, positions) => options.telemetry.answered(provider, result, positions),
        finished: (record) => options.telemetry.finished(record.view, record.owner),
      });
      const worker = new Worker<UnitData, void>(name, processor, {
        connection,
        prefix: options.prefix,
        // With the queue's global concurrency (set before the worker runs), BULK_CONCURRENCY
        // is the limit across every instance; this lets one instance alone use all of it.
        concurrency: membership.bulk.concurrency,
        autorun: false,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(Math.round(options.lockMs / 2), 250),
        maxStalledCount: NEVER_FAIL_STALLED,
        limiter: NO_RATE_CAP,
      });
      worker.on("error", (error: unknown) => errors.error(`worker ${provider}`, error, "bulk-removal jobs: worker error"));
      worker.on("failed", (job, error) =>
        options.logger.error({ provider, unit: job?.id, reason: error.message }, "bulk-removal jobs: a unit failed instead of being answered"),
      );
      this.workers.set(provider, worker);
    }
    this.startWorkers();
  }

  /** Whether this instance has a queue for the provider's jobs. */
  serves(provider: Provider): boolean {
    return this.queues.has(provider);
  }

  queueOf(provider: Provider): Queue<UnitData, void> {
    const queue = this.queues.get(provider);
    if (!queue) throw new Error(`No queue for provider ${provider}`);
    return queue;
  }

  /** Starts every worker that does not run yet; called again on every connection, in case Redis lost the global concurrency. */
  startWorkers(): void {
    for (const provider of this.queues.keys()) void this.startWorker(provider);
  }

  /** Workers finish the units in flight and store their answers (worker.close waits for them); their QUITs wait for Redis. */
  async closeWorkers(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
  }

  /** Each QUIT waits for Redis. */
  async closeQueues(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /** Redis does not answer: workers stop without waiting for their units (which stay in flight) or for a QUIT. */
  async closeAtOnce(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => quietly(worker.close(true))));
    await Promise.all([...this.queues.values()].map((queue) => quietly(queue.close())));
  }

  /** Cuts the workers' connections short: their QUITs wait for a Redis that went away during the shutdown. */
  async disconnectWorkers(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => quietly(worker.disconnect())));
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
    const { errors } = this.options;
    try {
      // BullMQ's Queue waits for its connection, so this resolves once Redis answers, however late.
      await queue.setGlobalConcurrency(membership.bulk.concurrency);
    } catch (error) {
      if (!this.options.closing()) errors.error(`queue ${provider}`, error, "bulk-removal jobs: could not set the global concurrency");
      return;
    }
    if (this.options.closing() || this.running.has(provider)) return;
    this.running.add(provider);
    worker.run().catch((error: unknown) => {
      this.running.delete(provider);
      if (!this.options.closing()) errors.error(`worker ${provider}`, error, "bulk-removal jobs: worker stopped");
    });
  }
}

function quietly(step: Promise<unknown>): Promise<unknown> {
  return step.catch(() => undefined);
}
