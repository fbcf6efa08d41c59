import { ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider has no such user." })
export class UserNotFoundError extends MembershipError {
  constructor(fields: MembershipErrorFields) {
    super(MembershipErrorCode.USER_NOT_FOUND, false, fields);
  }
}
