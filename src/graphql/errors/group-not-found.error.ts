import { Field, ID, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider has no such group." })
export class GroupNotFoundError extends MembershipError {
  @Field(() => ID)
  groupId: string;

  constructor(fields: MembershipErrorFields & { groupId: string }) {
    super(MembershipErrorCode.GROUP_NOT_FOUND, false, fields);
    this.groupId = fields.groupId;
  }
}
