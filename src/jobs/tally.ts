import { MembershipNotFoundError } from "../graphql/errors/membership-not-found.error";
import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { MembershipRemoval } from "../graphql/membership-removal.type";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { BulkJobCounts } from "./bulk-jobs";

export type CountBucket = "removed" | "notMember" | "failed" | "unknown";

/**
 * Which count an answer moves (docs/contract.md §8, BulkRemovalJob.done): notMember counts
 * MembershipNotFoundError, unknown OutcomeUnknownError, failed every other error.
 */
export function bucketOf(result: RemoveUserFromGroupResult): CountBucket {
  if (result instanceof MembershipRemoval) return "removed";
  if (result instanceof MembershipNotFoundError) return "notMember";
  if (result instanceof OutcomeUnknownError) return "unknown";
  return "failed";
}

export function emptyCounts(): BulkJobCounts {
  return { done: 0, removed: 0, notMember: 0, failed: 0, unknown: 0 };
}

/** Adds `positions` answers of one result to the counts, in place; `done` stays the sum of the four. */
export function countAnswer(counts: BulkJobCounts, result: RemoveUserFromGroupResult, positions = 1): void {
  counts[bucketOf(result)] += positions;
  counts.done += positions;
}
