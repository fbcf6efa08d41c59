import type { Provider } from "../graphql/provider.enum";
import type { MembershipProvider } from "../providers/membership-provider";
import { afterInterruption } from "../removal/after-interruption";
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
