import { MembershipError } from "../graphql/errors/membership-error.interface";
import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import { MembershipRemoval } from "../graphql/membership-removal.type";
import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";

/** An earlier try of this very removal that may have applied it, and whose outcome nobody saw. */
export interface EarlierAttempts {
  /** How many removal attempts it sent, as far as anyone knows. */
  readonly attempts: number;
  readonly reason: UpstreamFailureReason;
  /** The sentence that says what it was, ending before the comma: "An earlier worker stopped …". */
  readonly what: string;
}

/** docs/contract.md §8: a bulk-removal job's ref that was in flight when its worker died. */
export const STOPPED_WORKER: EarlierAttempts = {
  attempts: 1,
  reason: UpstreamFailureReason.NETWORK,
  what: "An earlier worker stopped while this removal may have been under way",
};

/**
 * The outcome rule (docs/contract.md §2) across two tries of one removal: when an earlier try was
 * ambiguous (a job's worker died mid-attempt, docs/contract.md §8; a request with the same
 * Idempotency-Key answered OutcomeUnknownError, §9), only a confirmed removal stands now. Any other
 * answer (a "not a member" above all) may hide the earlier try's own removal, so it is
 * OutcomeUnknownError, counting the earlier try's attempts.
 */
export function afterInterruption(provider: Provider, result: RemoveUserFromGroupResult, earlier: EarlierAttempts = STOPPED_WORKER): RemoveUserFromGroupResult {
  if (result instanceof MembershipRemoval) return result;
  // This run's own attempts are counted only where its answer says how many.
  const attemptsNow = result instanceof OutcomeUnknownError ? result.attempts : 0;
  const upstream = result instanceof MembershipError ? result : null;
  return new OutcomeUnknownError({
    provider,
    attempts: earlier.attempts + attemptsNow,
    reason: earlier.reason,
    upstreamStatus: upstream?.upstreamStatus ?? null,
    upstreamRequestId: upstream?.upstreamRequestId ?? null,
    message:
      `${earlier.what}, so the provider may or may not have removed the user` +
      (upstream ? ` (this run got: ${upstream.message})` : "") +
      ". Removing again is safe; check the group before relying on either outcome.",
  });
}
