import { Field, ObjectType } from "type-graphql";
import { MembershipError, MembershipErrorFields } from "./membership-error.interface";
import { MembershipErrorCode } from "./membership-error-code.enum";

@ObjectType({ implements: MembershipError, description: "The input cannot be sent to the provider as it is." })
export class InvalidInputError extends MembershipError {
  @Field(() => String, { description: "Input path, e.g. userRef.uuid" })
  field: string;

  constructor(fields: MembershipErrorFields & { field: string }) {
    super(MembershipErrorCode.INVALID_INPUT, false, fields);
    this.field = fields.field;
  }
}
