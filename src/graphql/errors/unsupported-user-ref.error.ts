import { Field, ObjectType } from "type-graphql";
import { UserRefKind } from "../user-ref-kind.enum";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider cannot identify a user this way." })
export class UnsupportedUserRefError extends MembershipError {
  @Field(() => [UserRefKind])
  supported: UserRefKind[];

  constructor(fields: MembershipErrorFields & { supported: UserRefKind[] }) {
    super(MembershipErrorCode.UNSUPPORTED_USER_REF, false, fields);
    this.supported = fields.supported;
  }
}
