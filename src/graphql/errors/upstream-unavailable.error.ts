import { Field, Int, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";
import { UpstreamFailureReason } from "./upstream-failure-reason.enum";

@ObjectType({
  implements: MembershipError,
  description: "The provider could not be reached or was unavailable; nothing was removed.",
})
export class UpstreamUnavailableError extends MembershipError {
  @Field(() => UpstreamFailureReason)
  reason: UpstreamFailureReason;

  @Field(() => Int, { nullable: true })
  retryAfterSeconds: number | null;

  constructor(fields: MembershipErrorFields & { reason: UpstreamFailureReason; retryAfterSeconds?: number | null }) {
    super(MembershipErrorCode.UPSTREAM_UNAVAILABLE, true, fields);
    this.reason = fields.reason;
    this.retryAfterSeconds = fields.retryAfterSeconds ?? null;
  }
}
