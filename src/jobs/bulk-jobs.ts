import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { UserRef } from "../graphql/user-ref.input";
import type { UserKey } from "../providers/kit/user-key";

/**
 * Bulk-removal jobs (startBulkRemoval, bulkRemoval, cancelBulkRemoval): lists of any size that
 * outlive the request that started them. Two engines implement BulkJobs behind one GraphQL API:
 * in this process (the embedded default, not durable, one instance) and on BullMQ with Redis
 * (REDIS_URL: durable, shared by every instance on that Redis).
 */

export type BulkRemovalStatus = "QUEUED" | "RUNNING" | "COMPLETED" | "CANCELED";

/** Refs answered so far, by outcome; `done` is the sum of the other four. */
export interface BulkJobCounts {
  done: number;
  removed: number;
  notMember: number;
  failed: number;
  unknown: number;
}

/** A job as its owner sees it. */
export interface BulkJobView {
  id: string;
  provider: Provider;
  groupId: string;
  status: BulkRemovalStatus;
  total: number;
  counts: BulkJobCounts;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One answered position of a job. */
export interface BulkJobItem {
  /** 0-based position in userRefs. */
  index: number;
  result: RemoveUserFromGroupResult;
}

/** Answered positions from `afterIndex + 1` on, in index order, at most `first` of them. */
export interface BulkJobResultsPage {
  items: BulkJobItem[];
  hasNextPage: boolean;
}

export interface StartBulkJob {
  /** Who started it: the caller's `sub`, or ANONYMOUS_OWNER when caller auth is off. Only they can see it. */
  owner: string;
  provider: Provider;
  groupId: string;
  userRefs: readonly UserRef[];
  /** The same value from the same owner returns the same job; null: always a new one. */
  clientJobId: string | null;
}

/**
 * Thrown by an engine whose store cannot be reached now (Redis down): the API answers a top-level
 * SERVICE_UNAVAILABLE (docs/contract.md §8) rather than a masked defect, and nothing was queued.
 */
export class BulkJobsUnavailableError extends Error {
  override readonly name = "BulkJobsUnavailableError";
}

/** The owner of jobs started while caller auth is off (simulators only, or ALLOW_INSECURE). */
export const ANONYMOUS_OWNER = "anonymous";

/**
 * The work of one distinct user of a job: every position that names them (a user named twice is
 * removed once and answered at each position).
 */
export interface BulkJobUnit {
  /** identityOf(user): stable across restarts, unique within the job. */
  key: string;
  user: UserKey;
  positions: number[];
}

/**
 * Removes one unit's user as removeUserFromGroup would (same provider session, deadline, outcome
 * rule and identity checks). UnitRunner runs it, under the provider's limiter and Retry-After
 * policy, and applies the interruption rule to its answer.
 */
export type RunUnit = (provider: Provider, groupId: string, unit: BulkJobUnit) => Promise<RemoveUserFromGroupResult>;

export interface BulkJobs {
  /** Whether jobs survive a restart and are shared by instances (the start banner says so). */
  readonly durable: boolean;
  /** Whether jobs can be started now; false while the Redis the jobs live in is unreachable. */
  available(): Promise<boolean>;
  /** Queues the job and returns at once; refs refused before any call are answered here already. */
  start(job: StartBulkJob): Promise<BulkJobView>;
  /** null: no such job, or another owner's. */
  get(owner: string, id: string): Promise<BulkJobView | null>;
  /**
   * Stops the job before its next unit; answered positions keep their answers. The status is
   * CANCELED at once; finishedAt is set once the units in flight have stored their answers (from
   * then on the job no longer changes). A finished job is returned as it is. null as for get.
   */
  cancel(owner: string, id: string): Promise<BulkJobView | null>;
  /** null as for get. */
  results(owner: string, id: string, first: number, afterIndex: number): Promise<BulkJobResultsPage | null>;
  close(): Promise<void>;
}
