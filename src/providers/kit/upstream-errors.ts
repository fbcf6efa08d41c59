import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import { MembershipErrorCode } from "../../graphql/errors/membership-error-code.enum";
import type { MembershipError } from "../../graphql/errors/membership-error.interface";
import { PermissionDeniedError } from "../../graphql/errors/permission-denied.error";
import { ProviderAuthError } from "../../graphql/errors/provider-auth.error";
import { RateLimitedError } from "../../graphql/errors/rate-limited.error";
import { UpstreamUnavailableError } from "../../graphql/errors/upstream-unavailable.error";
import { UpstreamError } from "../../graphql/errors/upstream.error";
import type { Attempt } from "../../http/call-policy";
import type { HttpFailure } from "../../http/http-failure";
import { retryAfterSeconds } from "../../http/retry-after";
import { meaningOfFailure } from "../../http/status-table";
import { errorOfFailure, errorOfStatus, reasonOf } from "./error-table";
import { said, upstreamFields, type ProviderVoice } from "./provider-voice";

/**
 * A transport failure of a call known not to have changed anything: the upstream was not
 * reached, or only read from. An attempt held back by the provider's budget is the one kind
 * that is not "unavailable": the account's rate is, as a 429 would say.
 */
export function unreachable(voice: ProviderVoice, failure: HttpFailure): UpstreamUnavailableError | RateLimitedError {
  const answer = errorOfFailure(failure.code);
  if (answer.error === MembershipErrorCode.RATE_LIMITED) {
    return new RateLimitedError({
      provider: voice.provider,
      retryAfterSeconds: failure.retryAfterSeconds,
      message: `This server did not call ${voice.name}: ${failure.message}. Nothing was changed.`,
    });
  }
  return new UpstreamUnavailableError({
    provider: voice.provider,
    reason: reasonOf(answer),
    retryAfterSeconds: failure.retryAfterSeconds,
    message: meaningOfFailure(failure.code).refusedHere
      ? `This server did not call ${voice.name}: ${failure.message}. Nothing was changed.`
      : `${voice.name} could not be reached (${failure.message}); nothing was changed.`,
  });
}

/**
 * The error a definite answer becomes, for a call known not to have changed anything (every read,
 * and a removal with no ambiguous attempt), by the error table's `error` (error-table.ts). Provider-specific
 * answers (a 404, a 200 that must be checked) are mapped by the provider before it falls back to this.
 */
export function definiteError(voice: ProviderVoice, attempt: Attempt): MembershipError {
  if (attempt.kind === "failure") return unreachable(voice, attempt.failure);
  const response = attempt.response;
  const fields = upstreamFields(voice, response);
  const text = said(voice, response);
  const answer = errorOfStatus(response.status);
  switch (answer.error) {
    case MembershipErrorCode.INVALID_INPUT:
      return new InvalidInputError({ ...fields, field: "groupId", message: `${text}. ${voice.name} refused the request as invalid.` });
    case MembershipErrorCode.PROVIDER_AUTH_FAILED:
      return new ProviderAuthError({ ...fields, message: `${text}. ${voice.authHint}` });
    case MembershipErrorCode.PERMISSION_DENIED:
      return new PermissionDeniedError({ ...fields, message: `${text}. ${voice.permissionHint}` });
    case MembershipErrorCode.RATE_LIMITED:
      return new RateLimitedError({
        ...fields,
        retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
        message: `${text}. ${voice.name} is rate limiting this server; nothing was changed.`,
      });
    case MembershipErrorCode.UPSTREAM_UNAVAILABLE:
      return new UpstreamUnavailableError({
        ...fields,
        reason: reasonOf(answer),
        retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
        message: `${text}. ${voice.name} is unavailable; nothing was changed.`,
      });
    default:
      return new UpstreamError({ ...fields, message: `${text}, which this server does not expect here.` });
  }
}
