import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { removeInBulk } from "../providers/bulk/remove-in-bulk";
import { MAX_GROUP_ID_LENGTH } from "../removal/removal-input";
import { BulkMembershipRemoval } from "./bulk-membership-removal.type";
import { Provider } from "./provider.enum";
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
  ): Promise<BulkMembershipRemoval> {
    // BULK_MAX_REFS is checked before this runs, over the whole request rather than this field's
    // list alone (withRequestCaps): aliases would otherwise multiply it.
    return removeInBulk({
      provider,
      groupId,
      userRefs,
      session: context.session(provider),
      limiter: context.provider(provider).bulk,
      logger: context.logger,
      // Capped as for a single removal: a refused groupId may be any length, and it goes to the audit line as given.
      answered: (user, result) => context.recordRemoval({ provider, groupId: groupId.slice(0, MAX_GROUP_ID_LENGTH), user, result: result.constructor.name }),
    });
  }
}
