import { Worker, type Job } from "bullmq";
import { OutcomeUnknownError } from "../../graphql/errors/outcome-unknown.error";
import { RateLimitedError } from "../../graphql/errors/rate-limited.error";
import { UpstreamFailureReason } from "../../graphql/errors/upstream-failure-reason.enum";
import type { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import type { BulkJobUnit } from "../bulk-jobs";
import { afterInterruption } from "../../removal/after-interruption";
import type { JobRecord, JobRecords } from "./job-records";

/** What a BullMQ job of a provider's queue carries: one unit of one bulk-removal job. */
export interface UnitData {
  /** The bulk-removal job's id. */
  job: string;
  groupId: string;
  unit: BulkJobUnit;
}

export interface UnitProcessorOptions {
  provider: Provider;
  records: JobRecords;
  /** Answers the unit as removeUserFromGroup would (RunUnit, behind the provider's own admission). */
  answer(groupId: string, unit: BulkJobUnit, interrupted: boolean): Promise<RemoveUserFromGroupResult>;
  /**
   * Stops every worker of this provider's queue, in every instance, from taking a unit, for the
   * pause a Retry-After of `toldSeconds` makes (UPSTREAM_MAX_PAUSE_S at most, docs/contract.md §7).
   */
  pauseProvider(toldSeconds: number): Promise<void>;
  /** Retry-After pauses one unit waits out; at the next, its RateLimitedError is its answer. */
  maxPauses: number;
  /** Runs a Redis step until Redis answers it (an outage is waited out); rejects only when closing. */
  persist<T>(step: () => Promise<T>): Promise<T>;
  /** An answer was stored at `positions` positions (not one another worker had stored first). */
  answered(result: RemoveUserFromGroupResult, positions: number): void;
  /** The job ended with this unit (COMPLETED, or CANCELED with nothing left in flight); once per job. */
  finished(record: JobRecord): void;
}

/**
 * One unit from the queue to its stored answer. The answer is stored before this returns, so
 * before BullMQ gives the worker its next unit (docs/contract.md §8); a unit already answered is never
 * sent again; a unit found in flight was begun by a worker that died, and runs as interrupted.
 */
export function createUnitProcessor(options: UnitProcessorOptions): (job: Job<UnitData>) => Promise<void> {
  const { records, persist } = options;
  return async (queued) => {
    const { job: id, groupId, unit } = queued.data;
    const begun = await persist(() => records.begin(id, unit, new Date()));
    if (begun.kind === "ended") options.finished(begun.record);
    if (begun.kind === "orphaned") return storeAnswer(options, queued.data, canceledMidAttempt(options.provider));
    if (begun.kind !== "run") return;

    let result = await options.answer(groupId, unit, begun.interrupted);
    const retryAfterSeconds = result instanceof RateLimitedError ? result.retryAfterSeconds : null;
    if (retryAfterSeconds !== null && retryAfterSeconds > 0) {
      const released = await persist(() => records.release(id, unit, begun.interrupted, new Date()));
      if (released.kind !== "again" || released.pauses <= options.maxPauses) {
        // The provider's Retry-After holds for the account, whoever met it: every worker of every
        // instance waits out its pause (BullMQ's manual rate limit, docs.bullmq.io/guide/rate-limiting).
        await persist(() => options.pauseProvider(retryAfterSeconds));
        if (released.kind === "ended") options.finished(released.record);
        // Back to the queue, not counted as an attempt: it is taken again once the pause is over.
        if (released.kind === "again") throw Worker.RateLimitError();
        return;
      }
      // Paused often enough: "not now" is the answer. After a crashed attempt only a confirmed removal stands.
      if (begun.interrupted) result = afterInterruption(options.provider, result);
    }

    await storeAnswer(options, queued.data, result);
  };
}

async function storeAnswer(options: UnitProcessorOptions, { job: id, unit }: UnitData, result: RemoveUserFromGroupResult): Promise<void> {
  const stored = await options.persist(() => options.records.store(id, unit, result, new Date()));
  if (stored.kind === "stored" || stored.kind === "completed" || stored.kind === "ended") options.answered(result, unit.positions.length);
  if (stored.kind === "completed" || stored.kind === "ended") options.finished(stored.record);
}

/** A unit whose worker died mid-attempt, in a job canceled since: not sent again, and not known. */
function canceledMidAttempt(provider: Provider): OutcomeUnknownError {
  return new OutcomeUnknownError({
    provider,
    attempts: 1,
    reason: UpstreamFailureReason.NETWORK,
    upstreamStatus: null,
    upstreamRequestId: null,
    message:
      "A worker stopped while this removal may have been under way, and the job was canceled before it could be sent again: the provider may or may not have removed the user. Removing again is safe.",
  });
}
