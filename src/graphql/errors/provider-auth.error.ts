import { ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider rejected this server's credentials (upstream 401)." })
export class ProviderAuthError extends MembershipError {
  constructor(fields: MembershipErrorFields) {
    super(MembershipErrorCode.PROVIDER_AUTH_FAILED, false, fields);
  }
}
