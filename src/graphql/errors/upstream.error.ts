import { ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider answered something this server cannot read as a definite outcome: an unexpected status or body." })
export class UpstreamError extends MembershipError {
  constructor(fields: MembershipErrorFields) {
    super(MembershipErrorCode.UPSTREAM_ERROR, false, fields);
  }
}
