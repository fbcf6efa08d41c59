import { Field, Int, InterfaceType } from "type-graphql";
import { Provider } from "../provider.enum";
import { typeByClassName } from "../type-by-class-name";
import { MembershipErrorCode } from "./membership-error-code.enum";

/** What every error member of the result union carries besides its own fields. */
export interface MembershipErrorFields {
  message: string;
  provider: Provider;
  upstreamStatus?: number | null;
  upstreamRequestId?: string | null;
}

@InterfaceType({
  description: "Every error member of the result union implements this; clients select it to stay forward-compatible.",
  resolveType: typeByClassName,
})
export abstract class MembershipError {
  @Field(() => MembershipErrorCode)
  code: MembershipErrorCode;

  @Field(() => String, { description: "Human-readable, safe to show; never contains a credential." })
  message: string;

  @Field(() => Provider)
  provider: Provider;

  @Field(() => Boolean, { description: "May the same call succeed if repeated later?" })
  retryable: boolean;

  @Field(() => Int, { nullable: true, description: "The upstream HTTP status, null when no response was read." })
  upstreamStatus: number | null;

  @Field(() => String, { nullable: true })
  upstreamRequestId: string | null;

  protected constructor(code: MembershipErrorCode, retryable: boolean, fields: MembershipErrorFields) {
    this.code = code;
    this.retryable = retryable;
    this.message = fields.message;
    this.provider = fields.provider;
    this.upstreamStatus = fields.upstreamStatus ?? null;
    this.upstreamRequestId = fields.upstreamRequestId ?? null;
  }
}
