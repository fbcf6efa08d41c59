import { Worker, type Job } from "bullmq";
import { OutcomeUnknownError } from "../../graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../../graphql/errors/upstream-failure-reason.enum";
import type { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import type { BulkJobUnit } from "../bulk-jobs";
import type { UnitRunner } from "../unit-runner";
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
  /** Answers the unit, as the in-process engine's units are answered. */
  runner: UnitRunner;
  /**
   * Stops every worker of this provider's queue, in every instance, from taking a unit for `ms`
   * (RetryAfterPolicy.holdMs: UPSTREAM_MAX_PAUSE_S at most, docs/contract.md §7).
   */
  pauseQueue(ms: number): Promise<void>;
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
 * sent again; a unit found in flight was begun by a worker that died, and runs as interrupted. A
 * unit the provider held back for a Retry-After goes back to the queue, which waits out the pause
 * in every instance: the queue is where a unit on Redis waits (UnitRunner).
 */
export function createUnitProcessor(options: UnitProcessorOptions): (job: Job<UnitData>) => Promise<void> {
  const { records, persist, provider } = options;
  return async (queued) => {
    const { job: jobId, groupId, unit } = queued.data;
    const begun = await persist(() => records.begin(jobId, unit, new Date()));
    if (begun.kind === "ended") options.finished(begun.record);
    if (begun.kind === "orphaned") return storeAnswer(options, queued.data, canceledMidAttempt(provider));
    if (begun.kind !== "run") return;

    const tried = await options.runner.tryOnce({ jobId, provider, groupId, unit, interrupted: begun.interrupted, refusals: begun.refusals });
    if (tried.kind === "answered") return storeAnswer(options, queued.data, tried.result);
    // Nothing was sent: the unit goes back to the queue (an interrupted one stays in flight, so its
    // earlier attempt still counts), unless its job has ended meanwhile.
    const released = await persist(() => records.release(jobId, unit, begun.interrupted, new Date()));
    // The provider's Retry-After holds for the account, whoever met it (docs/contract.md §10).
    if (tried.kind === "held") await persist(() => options.pauseQueue(tried.holdMs));
    if (released.kind === "ended") options.finished(released.record);
    // Back to the queue, not counted by BullMQ as an attempt: taken again once the pause is over.
    if (released.kind === "again") throw Worker.RateLimitError();
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
