import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Mutation, Resolver } from "type-graphql";
import { removeInBulk } from "../removal/remove-in-bulk";
import { MAX_GROUP_ID_LENGTH } from "../removal/removal-input";
import type { RemovalLedger } from "../removal/removal-ledger";
import type { UserKey } from "../providers/kit/user-key";
import { BulkMembershipRemoval } from "./bulk-membership-removal.type";
import { Provider } from "./provider.enum";
import type { RemoveUserFromGroupResult } from "./remove-user-from-group-result.union";
import { RequestContext } from "./request-context";
import { UserRef } from "./user-ref.input";

@Resolver()
export class RemoveUsersFromGroupResolver {
  // Declared last to first, as in RemoveUserFromGroupResolver: type-graphql prints arguments in
  // reverse, and the SDL must read removeUsersFromGroup(provider, groupId, userRefs).
  @Mutation(() => BulkMembershipRemoval, {
    description:
      "Removes many users from one group on the chosen provider: one result per ref, in order. A list longer than the server's cap (BULK_MAX_REFS, default 1000) is refused with a BAD_USER_INPUT error before anything is sent.",
  })
  async removeUsersFromGroup(
    @Arg("userRefs", () => [UserRef]) userRefs: UserRef[],
    @Arg("groupId", () => ID) groupId: string,
    @Arg("provider", () => Provider) provider: Provider,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BulkMembershipRemoval> {
    // Capped as for a single removal: a refused groupId may be any length, and it goes to the audit line as given.
    const record = (user: UserKey | null, result: RemoveUserFromGroupResult) =>
      context.recordRemoval({ provider, groupId: groupId.slice(0, MAX_GROUP_ID_LENGTH), user, result: result.constructor.name });
    // BULK_MAX_REFS is checked before this runs, over the whole request rather than this field's
    // list alone (withRequestCaps): aliases would otherwise multiply it.
    const removeAll = (refs: readonly UserRef[], answered: (user: UserKey | null, result: RemoveUserFromGroupResult) => void) =>
      removeInBulk({ provider, groupId, userRefs: refs, session: context.session(provider), limiter: context.provider(provider).bulk, logger: context.logger, answered });
    if (!context.ledger) return removeAll(userRefs, record);
    return repeatInBulk(context.ledger, String(info.path.key), provider, userRefs, removeAll, record);
  }
}

/**
 * removeUsersFromGroup in a mutation sent with an Idempotency-Key (docs/contract.md §9), repeated
 * position by position as a single removal is: a position whose earlier answer was final keeps it
 * and is not sent again (so a user an earlier run removed is still answered MembershipRemoval,
 * never MembershipNotFoundError); the other positions run anew, together, through removeInBulk, and
 * where the earlier answer was OutcomeUnknownError only a confirmed removal stands now. On a first
 * run every position runs, and the ledger records each answer.
 */
async function repeatInBulk(
  ledger: RemovalLedger,
  key: string,
  provider: Provider,
  userRefs: readonly UserRef[],
  removeAll: (refs: readonly UserRef[], answered: (user: UserKey | null, result: RemoveUserFromGroupResult) => void) => Promise<BulkMembershipRemoval>,
  record: (user: UserKey | null, result: RemoveUserFromGroupResult) => void,
): Promise<BulkMembershipRemoval> {
  const places = userRefs.map((_, i) => `${key}.${i}`);
  const kept = places.map((place) => ledger.kept(place));
  const again = places.flatMap((place, i) => (kept[i] === undefined ? [{ place, ref: userRefs[i] as UserRef }] : []));
  const users: (UserKey | null)[] = [];
  const ran = again.length === 0 ? [] : (await removeAll(again.map((position) => position.ref), (user) => users.push(user))).results;
  const answers = new Map(
    again.map(({ place }, i) => {
      const answer = ledger.answered(place, provider, ran[i] as RemoveUserFromGroupResult);
      record(users[i] ?? null, answer);
      return [place, answer];
    }),
  );
  return new BulkMembershipRemoval(places.map((place, i) => kept[i] ?? (answers.get(place) as RemoveUserFromGroupResult)));
}
