import { Field, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The user is not a member of the group; nothing was removed." })
export class MembershipNotFoundError extends MembershipError {
  @Field(() => Boolean, {
    nullable: true,
    description: "null: the provider cannot tell whether the group exists (Blueshift)",
  })
  groupExists: boolean | null;

  constructor(fields: MembershipErrorFields & { groupExists: boolean | null }) {
    super(MembershipErrorCode.MEMBERSHIP_NOT_FOUND, false, fields);
    this.groupExists = fields.groupExists;
  }
}
