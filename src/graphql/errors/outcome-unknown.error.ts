import { Field, Int, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";
import { UpstreamFailureReason } from "./upstream-failure-reason.enum";

@ObjectType({
  implements: MembershipError,
  description:
    "The provider may or may not have removed the user: a request reached it and no definite answer came back. Repeating the call is safe.",
})
export class OutcomeUnknownError extends MembershipError {
  @Field(() => Int, { description: "Removal attempts sent to the provider." })
  attempts: number;

  @Field(() => UpstreamFailureReason)
  reason: UpstreamFailureReason;

  constructor(fields: MembershipErrorFields & { attempts: number; reason: UpstreamFailureReason }) {
    super(MembershipErrorCode.OUTCOME_UNKNOWN, true, fields);
    this.attempts = fields.attempts;
    this.reason = fields.reason;
  }
}
