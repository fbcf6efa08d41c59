import { setTimeout as sleep } from "node:timers/promises";
import type { ThrottledLog } from "../../redis/throttled-log";
import { BulkJobsUnavailableError } from "../bulk-jobs";

/**
 * What a step on the jobs' Redis does while Redis cannot be reached (docs/contract.md §8): a
 * request's step is refused at once (SERVICE_UNAVAILABLE, nothing queued), a worker's step waits
 * for Redis, so an answer a provider gave is stored once Redis is back rather than lost.
 */
export class OutagePolicy {
  constructor(
    private readonly errors: ThrottledLog,
    /** True once the engine is closing: a worker's step then gives up rather than wait. */
    private readonly closing: () => boolean,
  ) {}

  /**
   * A worker's Redis step, tried until Redis answers: while it is unreachable the worker holds its
   * unit (and takes no other). Only closing gives up: the unit then stays in flight, and the
   * instance that takes it next runs it as interrupted.
   */
  async persist<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (this.closing() || !isTransient(error)) throw error;
        this.errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; workers wait for it");
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    }
  }

  /** A request's Redis step: unreachable Redis is SERVICE_UNAVAILABLE, not a defect. */
  async reach<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.errors.error("jobs", error, "bulk-removal jobs: Redis is unreachable; jobs cannot start or be read until it answers");
      throw new BulkJobsUnavailableError("Bulk-removal jobs are unavailable: their store (Redis) cannot be reached. Try again later.");
    }
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
