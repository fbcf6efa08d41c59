import { InvalidInputError } from "../graphql/errors/invalid-input.error";
import type { Provider } from "../graphql/provider.enum";
import type { UserRef } from "../graphql/user-ref.input";
import { identityOf } from "../removal/remove-in-bulk";
import { parseRemovalInput } from "../removal/removal-input";
import type { BulkJobItem, BulkJobUnit } from "./bulk-jobs";

export interface JobPlan {
  /** One per distinct user, in the order each user is first named; positions ascending. */
  units: BulkJobUnit[];
  /** Refs refused before any call, answered at their own position, in index order. */
  refused: BulkJobItem[];
}

/**
 * Splits a job's refs into the work to do. Each ref is checked as removeUserFromGroup checks it
 * (docs/contract.md §8: every ref is answered exactly as the single removal would answer it), so a ref it
 * would refuse is answered here, at its own position, without reaching the provider. The rest are
 * grouped by user, as removeUsersFromGroup groups them: a user named twice is removed once and
 * answered at each position.
 */
export function planJob(provider: Provider, groupId: string, userRefs: readonly UserRef[]): JobPlan {
  const byKey = new Map<string, BulkJobUnit>();
  const refused: BulkJobItem[] = [];
  userRefs.forEach((ref, index) => {
    const input = parseRemovalInput(provider, groupId, ref);
    if (input instanceof InvalidInputError) {
      refused.push({ index, result: input });
      return;
    }
    const key = identityOf(input.user);
    const unit = byKey.get(key);
    if (unit) unit.positions.push(index);
    else byKey.set(key, { key, user: input.user, positions: [index] });
  });
  return { units: [...byKey.values()], refused };
}
