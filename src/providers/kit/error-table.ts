import { MembershipErrorCode } from "../../graphql/errors/membership-error-code.enum";
import { UpstreamFailureReason } from "../../graphql/errors/upstream-failure-reason.enum";
import type { Attempt } from "../../http/call-policy";
import { HttpFailureCode } from "../../http/http-failure";

/**
 * What a caller is told of one attempt's outcome. The transport's own reading of the same outcome
 * (retried, trips the breaker, may have applied, pauses callers, refused here) is
 * src/http/status-table.ts; this table puts it in the result model's words.
 */
export interface AttemptError {
  /** The error it becomes when it is the answer of a call known not to have changed anything. */
  readonly error: MembershipErrorCode;
  /**
   * Why, where an answer carries a reason: UpstreamUnavailableError, and OutcomeUnknownError when
   * the attempt may have applied the removal.
   */
  readonly reason: UpstreamFailureReason | null;
}

const { INVALID_INPUT, PROVIDER_AUTH_FAILED, PERMISSION_DENIED, RATE_LIMITED, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR } = MembershipErrorCode;
const { TIMEOUT, NETWORK, SERVER_ERROR, CIRCUIT_OPEN, OVERLOADED } = UpstreamFailureReason;

const row = (error: MembershipErrorCode, reason: UpstreamFailureReason | null = null): AttemptError => ({ error, reason });

/** Any status this table does not list (404 and a 200 included: providers read those themselves). */
const UNEXPECTED = row(UPSTREAM_ERROR);

/** Per HTTP status (docs/contract.md §2). */
const BY_STATUS: ReadonlyMap<number, AttemptError> = new Map([
  [400, row(INVALID_INPUT)],
  [401, row(PROVIDER_AUTH_FAILED)],
  [403, row(PERMISSION_DENIED)],
  [429, row(RATE_LIMITED)],
  // Not "unavailable": the upstream answered, and may have applied the write (docs/blueshift.md §4).
  [500, row(UPSTREAM_ERROR, SERVER_ERROR)],
  [502, row(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
  [503, row(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
  [504, row(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
]);

/** Per transport failure, and per refusal of this server's own. */
const BY_FAILURE: Readonly<Record<HttpFailureCode, AttemptError>> = {
  [HttpFailureCode.CONNECT]: row(UPSTREAM_UNAVAILABLE, NETWORK),
  [HttpFailureCode.CONNECT_TIMEOUT]: row(UPSTREAM_UNAVAILABLE, TIMEOUT),
  [HttpFailureCode.TIMEOUT]: row(UPSTREAM_UNAVAILABLE, TIMEOUT),
  [HttpFailureCode.RESET]: row(UPSTREAM_UNAVAILABLE, NETWORK),
  [HttpFailureCode.CIRCUIT_OPEN]: row(UPSTREAM_UNAVAILABLE, CIRCUIT_OPEN),
  [HttpFailureCode.SHED]: row(UPSTREAM_UNAVAILABLE, OVERLOADED),
  [HttpFailureCode.DEADLINE]: row(UPSTREAM_UNAVAILABLE, TIMEOUT),
  // The account's rate, kept here for the whole fleet: the caller is told when to come back, as a 429 would.
  [HttpFailureCode.OVER_BUDGET]: row(RATE_LIMITED),
};

export function errorOfStatus(status: number): AttemptError {
  return BY_STATUS.get(status) ?? UNEXPECTED;
}

export function errorOfFailure(code: HttpFailureCode): AttemptError {
  return BY_FAILURE[code];
}

/** What a caller is told of an attempt, whether it got a response or failed in transport. */
export function errorOf(attempt: Attempt): AttemptError {
  return attempt.kind === "response" ? errorOfStatus(attempt.response.status) : errorOfFailure(attempt.failure.code);
}

/**
 * The reason of a row that must name one: every UPSTREAM_UNAVAILABLE row and every outcome that may
 * have applied a write does (test/providers/kit/error-table.test.ts holds the table to it).
 */
export function reasonOf(answer: AttemptError): UpstreamFailureReason {
  if (answer.reason === null) throw new Error("The error table names no reason for this outcome.");
  return answer.reason;
}
