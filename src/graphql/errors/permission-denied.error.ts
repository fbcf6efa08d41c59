import { ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider's credentials lack the permission for this call (upstream 403)." })
export class PermissionDeniedError extends MembershipError {
  constructor(fields: MembershipErrorFields) {
    super(MembershipErrorCode.PERMISSION_DENIED, false, fields);
  }
}
