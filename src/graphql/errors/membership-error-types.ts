import { GroupNotFoundError } from "./group-not-found.error";
import { InvalidInputError } from "./invalid-input.error";
import { MembershipNotFoundError } from "./membership-not-found.error";
import { OutcomeUnknownError } from "./outcome-unknown.error";
import { PermissionDeniedError } from "./permission-denied.error";
import { ProviderAuthError } from "./provider-auth.error";
import { RateLimitedError } from "./rate-limited.error";
import { UnsupportedUserRefError } from "./unsupported-user-ref.error";
import { UpstreamUnavailableError } from "./upstream-unavailable.error";
import { UpstreamError } from "./upstream.error";
import { UserNotFoundError } from "./user-not-found.error";

/** Every implementation of MembershipError, in the order the result union lists them. */
export const MEMBERSHIP_ERROR_TYPES = [
  InvalidInputError,
  UnsupportedUserRefError,
  GroupNotFoundError,
  UserNotFoundError,
  MembershipNotFoundError,
  ProviderAuthError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamUnavailableError,
  UpstreamError,
  OutcomeUnknownError,
] as const;
