import { Field, Int, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The provider refused the call for now; nothing was removed." })
export class RateLimitedError extends MembershipError {
  @Field(() => Int, { nullable: true })
  retryAfterSeconds: number | null;

  constructor(fields: MembershipErrorFields & { retryAfterSeconds: number | null }) {
    super(MembershipErrorCode.RATE_LIMITED, true, fields);
    this.retryAfterSeconds = fields.retryAfterSeconds;
  }
}
