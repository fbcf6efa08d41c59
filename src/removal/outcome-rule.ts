import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import { MembershipRemoval } from "../graphql/membership-removal.type";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import { lastAttempt, type Attempt } from "../http/call-policy";
import { meaningOf } from "../http/status-table";
import type { UpstreamResponse } from "../http/upstream-response";
import { errorOf, reasonOf } from "../providers/kit/error-table";
import type { ProviderVoice } from "../providers/kit/provider-voice";

/** Why an attempt is ambiguous (the status table's mayHaveApplied), or null when it cannot have applied the removal. */
function ambiguityOf(attempt: Attempt): UpstreamFailureReason | null {
  return meaningOf(attempt).mayHaveApplied ? reasonOf(errorOf(attempt)) : null;
}

export interface RemovalOutcomeHandlers {
  /** A 200: the provider checks that the body confirms this very removal (a MembershipRemoval) or says why not. */
  confirmed(response: UpstreamResponse): RemoveUserFromGroupResult;
  /** No attempt can have applied the removal: the last attempt's answer, mapped by the provider. */
  definite(last: Attempt): RemoveUserFromGroupResult | Promise<RemoveUserFromGroupResult>;
}

/**
 * The outcome rule (docs/contract.md §2): a 200 that confirms this removal, from any attempt, is the
 * answer; otherwise, once any attempt may have reached the upstream without a definite answer, the
 * result is OutcomeUnknownError whatever came later (a 404, or a 200 whose body does not confirm,
 * after a timeout may hide the first attempt's own removal). Only when no attempt can have applied
 * it is the last answer mapped as such.
 */
export function decideRemoval(
  voice: ProviderVoice,
  attempts: readonly Attempt[],
  handlers: RemovalOutcomeHandlers,
): RemoveUserFromGroupResult | Promise<RemoveUserFromGroupResult> {
  const reasons = attempts.map(ambiguityOf).filter((reason) => reason !== null);
  const lastReason = reasons[reasons.length - 1];
  const ok = attempts.find((a) => a.kind === "response" && a.response.status === 200);
  if (ok?.kind === "response") {
    const answer = handlers.confirmed(ok.response);
    if (answer instanceof MembershipRemoval || lastReason === undefined) return answer;
  } else if (lastReason === undefined) {
    return handlers.definite(lastAttempt(attempts));
  }

  const lastResponse = [...attempts].reverse().find((a) => a.kind === "response");
  const response = lastResponse?.kind === "response" ? lastResponse.response : undefined;
  return new OutcomeUnknownError({
    provider: voice.provider,
    attempts: attempts.length,
    reason: lastReason,
    upstreamStatus: response?.status ?? null,
    upstreamRequestId: response?.requestId ?? null,
    message:
      `${voice.name} may or may not have removed the user: ${describeAttempts(attempts)}. ` +
      "Removing again is safe; check the group before relying on either outcome.",
  });
}

function describeAttempts(attempts: readonly Attempt[]): string {
  const parts = attempts.map((a) => (a.kind === "response" ? String(a.response.status) : a.failure.message));
  return `${attempts.length === 1 ? "the attempt" : `${attempts.length} attempts`} got ${parts.join(", then ")}`;
}
