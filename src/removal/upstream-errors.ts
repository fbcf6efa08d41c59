import { InvalidInputError } from "../graphql/errors/invalid-input.error";
import { MembershipErrorCode } from "../graphql/errors/membership-error-code.enum";
import type { MembershipError } from "../graphql/errors/membership-error.interface";
import { PermissionDeniedError } from "../graphql/errors/permission-denied.error";
import { ProviderAuthError } from "../graphql/errors/provider-auth.error";
import { RateLimitedError } from "../graphql/errors/rate-limited.error";
import { UpstreamUnavailableError } from "../graphql/errors/upstream-unavailable.error";
import { UpstreamError } from "../graphql/errors/upstream.error";
import type { Provider } from "../graphql/provider.enum";
import type { Attempt } from "../http/call-policy";
import type { HttpFailure } from "../http/http-failure";
import { describeBody } from "../http/response-body";
import { retryAfterSeconds } from "../http/retry-after";
import { meaningOfFailure, meaningOfStatus, reasonOf } from "../http/status-table";
import type { UpstreamResponse } from "../http/upstream-response";

/** What a provider adds to the shared wording: its name, hints, and its credential scrubber for upstream text (scrub.ts). */
export interface ProviderVoice {
  provider: Provider;
  name: string;
  /** What the provider calls a user, as in "Blueshift has no customer with email …". */
  userNoun: string;
  /** The refs to give instead of an email several users share, as in "give the user's uuid or username instead". */
  otherRefs: string;
  authHint: string;
  permissionHint: string;
  scrub(text: string): string;
}

/** "Blueshift answered 401: Not authorized." with the upstream's own words scrubbed and capped. */
export function said(voice: ProviderVoice, response: UpstreamResponse): string {
  const detail = describeBody(response.body, voice.scrub);
  return `${voice.name} answered ${response.status}${detail ? `: ${detail}` : ""}`;
}

export function upstreamFields(voice: ProviderVoice, response: UpstreamResponse) {
  return { provider: voice.provider, upstreamStatus: response.status, upstreamRequestId: response.requestId };
}

/**
 * A transport failure of a call known not to have changed anything: the upstream was not
 * reached, or only read from. An attempt held back by the provider's budget is the one kind
 * that is not "unavailable": the account's rate is, as a 429 would say.
 */
export function unreachable(voice: ProviderVoice, failure: HttpFailure): UpstreamUnavailableError | RateLimitedError {
  const meaning = meaningOfFailure(failure.code);
  if (meaning.error === MembershipErrorCode.RATE_LIMITED) {
    return new RateLimitedError({
      provider: voice.provider,
      retryAfterSeconds: failure.retryAfterSeconds,
      message: `This server did not call ${voice.name}: ${failure.message}. Nothing was changed.`,
    });
  }
  return new UpstreamUnavailableError({
    provider: voice.provider,
    reason: reasonOf(meaning),
    retryAfterSeconds: failure.retryAfterSeconds,
    message: meaning.refusedHere
      ? `This server did not call ${voice.name}: ${failure.message}. Nothing was changed.`
      : `${voice.name} could not be reached (${failure.message}); nothing was changed.`,
  });
}

/**
 * The error a definite answer becomes, for a call known not to have changed anything (every read,
 * and a removal with no ambiguous attempt), by the status table's `error`. Provider-specific
 * answers (a 404, a 200 that must be checked) are mapped by the provider before it falls back to this.
 */
export function definiteError(voice: ProviderVoice, attempt: Attempt): MembershipError {
  if (attempt.kind === "failure") return unreachable(voice, attempt.failure);
  const response = attempt.response;
  const fields = upstreamFields(voice, response);
  const text = said(voice, response);
  const meaning = meaningOfStatus(response.status);
  switch (meaning.error) {
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
        reason: reasonOf(meaning),
        retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
        message: `${text}. ${voice.name} is unavailable; nothing was changed.`,
      });
    default:
      return new UpstreamError({ ...fields, message: `${text}, which this server does not expect here.` });
  }
}
