import { Field, Int, ObjectType } from "type-graphql";
import { RemoveUserFromGroupResult } from "./remove-user-from-group-result.union";

@ObjectType({ description: "One answered ref of a bulk-removal job." })
export class BulkRemovalItem {
  @Field(() => Int, { description: "0-based position in userRefs" })
  index: number;

  @Field(() => RemoveUserFromGroupResult, {
    description: "What removeUserFromGroup would have answered for this ref. A user named twice is removed once and answered at each position.",
  })
  result: RemoveUserFromGroupResult;

  constructor(index: number, result: RemoveUserFromGroupResult) {
    this.index = index;
    this.result = result;
  }
}
