import { Field, Int, ObjectType } from "type-graphql";
import { MembershipNotFoundError } from "./errors/membership-not-found.error";
import { OutcomeUnknownError } from "./errors/outcome-unknown.error";
import { MembershipRemoval } from "./membership-removal.type";
import { RemoveUserFromGroupResult } from "./remove-user-from-group-result.union";
import { BULK_COUNT_DESCRIPTIONS } from "./bulk-count-descriptions";

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

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.removed })
  removed: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.notMember })
  notMember: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.failed })
  failed: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.unknown })
  unknown: number;

  constructor(results: RemoveUserFromGroupResult[]) {
    this.results = results;
    this.removed = results.filter((r) => r instanceof MembershipRemoval).length;
    this.notMember = results.filter((r) => r instanceof MembershipNotFoundError).length;
    this.unknown = results.filter((r) => r instanceof OutcomeUnknownError).length;
    this.failed = results.length - this.removed - this.notMember - this.unknown;
  }
}
