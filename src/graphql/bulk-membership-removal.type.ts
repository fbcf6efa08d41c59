import { Field, Int, ObjectType } from "type-graphql";
import { MembershipNotFoundError } from "./errors/membership-not-found.error";
import { OutcomeUnknownError } from "./errors/outcome-unknown.error";
import { MembershipRemoval } from "./membership-removal.type";
import { RemoveUserFromGroupResult } from "./remove-user-from-group-result.union";

@ObjectType({
  description:
    "What removeUsersFromGroup did: one result per ref, in input order, and the results counted by outcome (the four counts add up to the number of refs).",
})
export class BulkMembershipRemoval {
  @Field(() => [RemoveUserFromGroupResult], {
    description:
      "results[i] answers userRefs[i], as removeUserFromGroup would. A user named twice is removed once and answered at each position; InvalidInputError.field is relative to that position's ref (userRef.…).",
  })
  results: RemoveUserFromGroupResult[];

  @Field(() => Int, { description: "Positions answered MembershipRemoval: the provider confirmed the removal." })
  removed: number;

  @Field(() => Int, { description: "Positions answered MembershipNotFoundError: the user was not in the group." })
  notMember: number;

  @Field(() => Int, { description: "Positions answered any other error: nothing was removed (retryable tells which are worth repeating)." })
  failed: number;

  @Field(() => Int, { description: "Positions answered OutcomeUnknownError: the removal may or may not have happened; repeating it is safe." })
  unknown: number;

  constructor(results: RemoveUserFromGroupResult[]) {
    this.results = results;
    this.removed = results.filter((r) => r instanceof MembershipRemoval).length;
    this.notMember = results.filter((r) => r instanceof MembershipNotFoundError).length;
    this.unknown = results.filter((r) => r instanceof OutcomeUnknownError).length;
    this.failed = results.length - this.removed - this.notMember - this.unknown;
  }
}
