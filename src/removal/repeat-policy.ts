import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { RateLimitedError } from "../graphql/errors/rate-limited.error";
import { UpstreamUnavailableError } from "../graphql/errors/upstream-unavailable.error";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { EarlierAttempts } from "./after-interruption";

/** What a repeat of a request does with the answer an earlier run gave one of its removals. */
export type Repeat =
  /** The answer is final: it stands, and the removal is not sent again. */
  | { readonly kind: "final" }
  /** Nothing was changed (the outcome rule answers these only when no attempt can have applied it): the removal runs anew. */
  | { readonly kind: "anew" }
  /** The removal may have been applied: it runs anew, and the earlier try counts as ambiguous (after-interruption.ts). */
  | { readonly kind: "ambiguous"; readonly earlier: EarlierAttempts };

const FINAL: Repeat = { kind: "final" };
const ANEW: Repeat = { kind: "anew" };

/**
 * docs/contract.md §9, the one table of which answers a repeat keeps: after RateLimitedError or
 * UpstreamUnavailableError the repeat runs anew; after OutcomeUnknownError it runs anew with the
 * earlier try counted as ambiguous, so a later "not a member" stays OutcomeUnknownError and a
 * confirming 200 is MembershipRemoval; every other answer is final.
 */
export function repeatOf(earlier: RemoveUserFromGroupResult): Repeat {
  if (earlier instanceof OutcomeUnknownError) {
    return {
      kind: "ambiguous",
      earlier: { attempts: earlier.attempts, reason: earlier.reason, what: "An earlier request with this Idempotency-Key may have removed the user" },
    };
  }
  return earlier instanceof RateLimitedError || earlier instanceof UpstreamUnavailableError ? ANEW : FINAL;
}
