import { InvalidInputError } from "../graphql/errors/invalid-input.error";
import type { MembershipError } from "../graphql/errors/membership-error.interface";
import { PermissionDeniedError } from "../graphql/errors/permission-denied.error";
import { ProviderAuthError } from "../graphql/errors/provider-auth.error";
import { RateLimitedError } from "../graphql/errors/rate-limited.error";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import { UpstreamUnavailableError } from "../graphql/errors/upstream-unavailable.error";
import { UpstreamError } from "../graphql/errors/upstream.error";
import type { Provider } from "../graphql/provider.enum";
import type { Attempt } from "../http/call-policy";
import { HttpFailureCode, type HttpFailure } from "../http/http-failure";
import { describeBody } from "../http/response-body";
import { retryAfterSeconds } from "../http/retry-after";
import type { UpstreamResponse } from "../http/upstream-client";

/** What a provider adds to the shared wording: its name, hints, and its credential scrubber for upstream text (scrub.ts). */
export interface ProviderVoice {
  provider: Provider;
  name: string;
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

const REASON_BY_FAILURE: Record<HttpFailureCode, UpstreamFailureReason> = {
  [HttpFailureCode.CONNECT]: UpstreamFailureReason.NETWORK,
  [HttpFailureCode.RESET]: UpstreamFailureReason.NETWORK,
  [HttpFailureCode.CONNECT_TIMEOUT]: UpstreamFailureReason.TIMEOUT,
  [HttpFailureCode.TIMEOUT]: UpstreamFailureReason.TIMEOUT,
  [HttpFailureCode.CIRCUIT_OPEN]: UpstreamFailureReason.CIRCUIT_OPEN,
  [HttpFailureCode.SHED]: UpstreamFailureReason.CIRCUIT_OPEN,
  [HttpFailureCode.DEADLINE]: UpstreamFailureReason.TIMEOUT,
};

/**
 * A transport failure of a call known not to have changed anything: the upstream was not
 * reached, or only read from.
 */
export function unreachable(voice: ProviderVoice, failure: HttpFailure): UpstreamUnavailableError {
  const notCalled = failure.code === HttpFailureCode.CIRCUIT_OPEN || failure.code === HttpFailureCode.SHED || failure.code === HttpFailureCode.DEADLINE;
  return new UpstreamUnavailableError({
    provider: voice.provider,
    reason: REASON_BY_FAILURE[failure.code],
    retryAfterSeconds: failure.retryAfterSeconds,
    message: notCalled
      ? `This server did not call ${voice.name}: ${failure.message}. Nothing was changed.`
      : `${voice.name} could not be reached (${failure.message}); nothing was changed.`,
  });
}

/**
 * The statuses both providers answer alike, for a call known not to have changed anything
 * (every read, and a removal with no ambiguous attempt). Provider-specific statuses (404, a 200
 * that must be checked) are mapped by the provider before it falls back to this.
 */
export function definiteError(voice: ProviderVoice, attempt: Attempt): MembershipError {
  if (attempt.kind === "failure") return unreachable(voice, attempt.failure);
  const response = attempt.response;
  const fields = upstreamFields(voice, response);
  const text = said(voice, response);
  switch (response.status) {
    case 400:
      return new InvalidInputError({ ...fields, field: "groupId", message: `${text}. ${voice.name} refused the request as invalid.` });
    case 401:
      return new ProviderAuthError({ ...fields, message: `${text}. ${voice.authHint}` });
    case 403:
      return new PermissionDeniedError({ ...fields, message: `${text}. ${voice.permissionHint}` });
    case 429:
      return new RateLimitedError({
        ...fields,
        retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
        message: `${text}. ${voice.name} is rate limiting this server; nothing was changed.`,
      });
    case 502:
    case 503:
    case 504:
      return new UpstreamUnavailableError({
        ...fields,
        reason: UpstreamFailureReason.SERVER_ERROR,
        retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
        message: `${text}. ${voice.name} is unavailable; nothing was changed.`,
      });
    default:
      return new UpstreamError({ ...fields, message: `${text}, which this server does not expect here.` });
  }
}
