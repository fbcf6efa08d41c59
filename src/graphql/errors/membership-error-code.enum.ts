import { registerEnumType } from "type-graphql";

export enum MembershipErrorCode {
  INVALID_INPUT = "INVALID_INPUT",
  UNSUPPORTED_USER_REF = "UNSUPPORTED_USER_REF",
  GROUP_NOT_FOUND = "GROUP_NOT_FOUND",
  USER_NOT_FOUND = "USER_NOT_FOUND",
  MEMBERSHIP_NOT_FOUND = "MEMBERSHIP_NOT_FOUND",
  PROVIDER_AUTH_FAILED = "PROVIDER_AUTH_FAILED",
  PERMISSION_DENIED = "PERMISSION_DENIED",
  RATE_LIMITED = "RATE_LIMITED",
  UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE",
  UPSTREAM_ERROR = "UPSTREAM_ERROR",
  OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN",
}

registerEnumType(MembershipErrorCode, {
  name: "MembershipErrorCode",
  description: "Stable machine code of a MembershipError; one per error type.",
});
