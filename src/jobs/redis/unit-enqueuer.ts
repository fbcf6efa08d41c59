import {
  JOB_ENQUEUE_CHUNK as ENQUEUE_CHUNK,
  JOB_ENQUEUE_GRACE_MS as ENQUEUE_GRACE_MS,
  JOB_ENQUEUE_SWEEP_INTERVAL_MS as ENQUEUE_SWEEP_INTERVAL_MS,
} from "../../config/tunables";
import type { ThrottledLog } from "../../redis/throttled-log";
import type { JobRecords, PendingUnits } from "./job-records";
import type { ProviderQueues } from "./provider-queues";

/**
 * Puts the units of new jobs on their provider's queue, after the job is in Redis and its start has
 * been answered, and finishes the enqueue of any job whose start stopped half-way (the instance
 * died, Redis went away): every instance looks for such jobs, at each connection and every
 * ENQUEUE_SWEEP_INTERVAL_MS.
 */
export class UnitEnqueuer {
  private readonly sweeper: NodeJS.Timeout;
  /** Enqueues under way, waited for by settled(). */
  private readonly enqueuing = new Set<Promise<void>>();

  constructor(
    private readonly records: JobRecords,
    private readonly queues: ProviderQueues,
    private readonly errors: ThrottledLog,
    private readonly closing: () => boolean,
  ) {
    this.sweeper = setInterval(() => void this.recover(), ENQUEUE_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  inBackground(id: string, pending: PendingUnits): void {
    const enqueue = this.enqueue(id, pending)
      .catch((error: unknown) => this.errors.error("enqueue", error, "bulk-removal jobs: units not queued yet; another try follows"))
      .finally(() => this.enqueuing.delete(enqueue));
    this.enqueuing.add(enqueue);
  }

  /** Queues the units of jobs whose start stopped half-way. */
  async recover(): Promise<void> {
    if (this.closing()) return;
    try {
      for (const id of await this.records.unfinishedEnqueues(new Date(Date.now() - ENQUEUE_GRACE_MS))) {
        const pending = await this.records.pendingUnits(id);
        if (pending && this.queues.serves(pending.provider)) await this.enqueue(id, pending);
      }
    } catch (error) {
      if (!this.closing()) this.errors.error("enqueue", error, "bulk-removal jobs: could not look for jobs left half-queued");
    }
  }

  /** Stops looking for half-queued jobs; settles when the enqueues under way have. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.enqueuing]);
  }

  /**
   * Puts a job's units on its provider's queue. BullMQ ids are the job id and the unit's index, so
   * queuing a unit twice (a retried start, a sweep racing the first try) adds it once.
   */
  private async enqueue(id: string, pending: PendingUnits): Promise<void> {
    const queue = this.queues.queueOf(pending.provider);
    for (let from = 0; from < pending.units.length && !this.closing(); from += ENQUEUE_CHUNK) {
      const chunk = pending.units.slice(from, from + ENQUEUE_CHUNK);
      await queue.addBulk(chunk.map((unit, i) => ({ name: "unit", data: { job: id, groupId: pending.groupId, unit }, opts: { jobId: `${id}.${from + i}` } })));
    }
    if (!this.closing()) await this.records.markEnqueued(id);
  }
}
