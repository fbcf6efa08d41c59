import { MembershipError } from "../graphql/errors/membership-error.interface";
import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import { MembershipRemoval } from "../graphql/membership-removal.type";
import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { MembershipProvider } from "../providers/membership-provider";
import { removeMembership } from "../removal/remove-membership";
import type { RunUnit } from "./bulk-jobs";

/**
 * Answers each unit through removeMembership, the path removeUserFromGroup takes, so a job keeps
 * its deadline, outcome rule and identity checks (docs/contract.md §8). A session per unit: its
 * lookup cache belongs to one job's user and is never shared with another caller's work.
 */
export function createRunUnit(providers: ReadonlyMap<Provider, MembershipProvider>): RunUnit {
  return async (provider, groupId, unit, interrupted) => {
    const membership = providers.get(provider);
    if (!membership) throw new Error(`No provider ${provider} is configured for bulk-removal jobs.`);
    const result = await removeMembership(membership.openSession(), groupId, unit.user);
    return interrupted ? afterInterruption(provider, result) : result;
  };
}

/**
 * docs/contract.md §8: a ref that was in flight when its worker died counts as an ambiguous attempt, so
 * only a confirmed removal stands; any other answer now (a "not a member" above all) may hide the
 * earlier attempt's own removal.
 */
export function afterInterruption(provider: Provider, result: RemoveUserFromGroupResult): RemoveUserFromGroupResult {
  if (result instanceof MembershipRemoval) return result;
  // The earlier worker's attempt is one; this run's own are counted only where its answer says how many.
  const attemptsNow = result instanceof OutcomeUnknownError ? result.attempts : 0;
  const upstream = result instanceof MembershipError ? result : null;
  return new OutcomeUnknownError({
    provider,
    attempts: 1 + attemptsNow,
    reason: UpstreamFailureReason.NETWORK,
    upstreamStatus: upstream?.upstreamStatus ?? null,
    upstreamRequestId: upstream?.upstreamRequestId ?? null,
    message:
      "An earlier worker stopped while this removal may have been under way, so the provider may or may not have removed the user" +
      (upstream ? ` (this run got: ${upstream.message})` : "") +
      ". Removing again is safe; check the group before relying on either outcome.",
  });
}
