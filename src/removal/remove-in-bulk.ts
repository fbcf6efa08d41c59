import { BulkMembershipRemoval } from "../graphql/bulk-membership-removal.type";
import { InvalidInputError } from "../graphql/errors/invalid-input.error";
import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { UserRef } from "../graphql/user-ref.input";
import { UserRefKind } from "../graphql/user-ref-kind.enum";
import type { Logger } from "../log/logger";
import type { ProviderSession } from "../providers/membership-provider";
import type { BulkLimiter } from "../providers/bulk/bulk-limiter";
import { heldBackByRetryAfter, retryAfterRefusalOf } from "../providers/bulk/retry-after-refusal";
import type { UserKey } from "../providers/kit/user-key";
import { MAX_GROUP_ID_LENGTH, parseRemovalInput } from "./removal-input";
import { removeMembership } from "./remove-membership";

export interface BulkRemoval {
  provider: Provider;
  groupId: string;
  userRefs: readonly UserRef[];
  /** The request's session: every email lookup of the batch goes through its one DataLoader. */
  session: ProviderSession;
  limiter: BulkLimiter;
  logger: Logger;
  /** Told of each position's answer, with the user it named (null when the ref was refused unread). */
  answered(user: UserKey | null, result: RemoveUserFromGroupResult): void;
}

/**
 * Many users out of one group: each ref is checked as the single mutation checks it, each distinct
 * user is removed once through the provider's bulk limiter, and every position gets its own
 * answer, in input order. Ends with one log line for operators.
 */
export async function removeInBulk(bulk: BulkRemoval): Promise<BulkMembershipRemoval> {
  const started = performance.now();
  const removals = new Map<string, Promise<RemoveUserFromGroupResult>>();
  const positions = bulk.userRefs.map((ref) => {
    const input = parseRemovalInput(bulk.provider, bulk.groupId, ref);
    if (input instanceof InvalidInputError) return { user: null, answer: input };
    const key = identityOf(input.user);
    let removal = removals.get(key);
    if (!removal) {
      removal = removeUser(bulk, input.user);
      removals.set(key, removal);
    }
    return { user: input.user, answer: removal };
  });
  const answered = await Promise.all(positions.map(async ({ user, answer }) => ({ user, result: await answer })));
  for (const { user, result } of answered) bulk.answered(user, result);
  const payload = new BulkMembershipRemoval(answered.map(({ result }) => result));

  const { removed, notMember, failed, unknown } = payload;
  bulk.logger.info(
    {
      provider: bulk.provider,
      // Capped: a refused groupId may be any length.
      groupId: bulk.groupId.slice(0, MAX_GROUP_ID_LENGTH),
      refs: bulk.userRefs.length,
      users: removals.size,
      removed,
      notMember,
      failed,
      unknown,
      durationMs: Math.round(performance.now() - started),
    },
    "bulk removal finished",
  );
  return payload;
}

/**
 * One distinct user of the batch through the provider's bulk limiter, under its Retry-After policy
 * (RetryAfterPolicy): refused for a Retry-After, it is tried again once the pause is over, which
 * the batch waits for as long as a removal's deadline.
 */
function removeUser(bulk: BulkRemoval, user: UserKey): Promise<RemoveUserFromGroupResult> {
  const { limiter } = bulk;
  const attempt = () =>
    limiter.run(
      () => removeMembership(bulk.session, bulk.groupId, user),
      (retryAfterSeconds) => heldBackByRetryAfter(bulk.provider, retryAfterSeconds),
    );
  return limiter.retryAfter.execute(attempt, retryAfterRefusalOf);
}

/**
 * Two refs name the same user when their keys match. UUIDs were lowercased by parseRemovalInput;
 * emails and usernames compare case-insensitively, as both providers store and look them up.
 * Bulk-removal jobs group their refs by it too (src/jobs/plan-job.ts), so a job and a synchronous
 * batch agree on which refs are one user.
 */
export function identityOf(user: UserKey): string {
  switch (user.kind) {
    case UserRefKind.UUID:
      return `uuid:${user.uuid}`;
    case UserRefKind.USERNAME:
      return `username:${user.username.toLowerCase()}`;
    case UserRefKind.EMAIL:
      return `email:${user.email.toLowerCase()}`;
  }
}
