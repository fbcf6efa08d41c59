import { MembershipErrorCode } from "../graphql/errors/membership-error-code.enum";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import type { Attempt } from "./call-policy";
import { HttpFailureCode } from "./http-failure";

/**
 * What one attempt's outcome means, to every part of this server that acts on it: the retry loop
 * and the circuit breaker (ResilientPolicy), the outcome rule (src/removal/outcome-rule.ts), the
 * bulk pause (RetryAfterWatch) and the error a caller is answered with (src/removal/upstream-errors.ts).
 */
export interface AttemptMeaning {
  /** Tried again within the removal's deadline (honouring Retry-After where the upstream sent one). */
  retried: boolean;
  /** Counts toward opening the circuit: the upstream looks unhealthy. A 4xx or 429 comes from a healthy one. */
  tripsBreaker: boolean;
  /** The upstream may have applied a write without saying so: an ambiguous attempt (docs/contract.md §2, the outcome rule). */
  mayHaveApplied: boolean;
  /** Its Retry-After pauses every bulk item to this provider: the wait belongs to the account, not to one call. */
  pausesCallers: boolean;
  /** This server refused the attempt itself (breaker, bulkhead, deadline, budget): nothing was sent. */
  refusedHere: boolean;
  /** The error it becomes when it is the answer of a call known not to have changed anything. */
  error: MembershipErrorCode;
  /**
   * Why, where an answer carries a reason: UpstreamUnavailableError, and OutcomeUnknownError when
   * this attempt may have applied the removal.
   */
  reason: UpstreamFailureReason | null;
}

const row = (meaning: Partial<AttemptMeaning> & Pick<AttemptMeaning, "error">): AttemptMeaning => ({
  retried: false,
  tripsBreaker: false,
  mayHaveApplied: false,
  pausesCallers: false,
  refusedHere: false,
  reason: null,
  ...meaning,
});

/** Any status this table does not list (404 and a 200 included: providers read those themselves). */
const UNEXPECTED = row({ error: MembershipErrorCode.UPSTREAM_ERROR });

/** Per HTTP status (docs/contract.md §2; docs/blueshift.md §4 for what is retried). */
const BY_STATUS: ReadonlyMap<number, AttemptMeaning> = new Map([
  [400, row({ error: MembershipErrorCode.INVALID_INPUT })],
  [401, row({ error: MembershipErrorCode.PROVIDER_AUTH_FAILED })],
  [403, row({ error: MembershipErrorCode.PERMISSION_DENIED })],
  // "Not now": nothing was applied, and the wait the upstream names is for everyone.
  [429, row({ retried: true, pausesCallers: true, error: MembershipErrorCode.RATE_LIMITED })],
  // May have applied, and Blueshift says "Contact support", so it is not retried blindly (docs/blueshift.md §4).
  [500, row({ tripsBreaker: true, mayHaveApplied: true, error: MembershipErrorCode.UPSTREAM_ERROR, reason: UpstreamFailureReason.SERVER_ERROR })],
  // A gateway in front of the upstream gave up: the request may have reached it.
  [502, row({ retried: true, tripsBreaker: true, mayHaveApplied: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.SERVER_ERROR })],
  // Unavailable: nothing was applied, and a Retry-After on it is for everyone.
  [503, row({ retried: true, tripsBreaker: true, pausesCallers: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.SERVER_ERROR })],
  [504, row({ retried: true, tripsBreaker: true, mayHaveApplied: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.SERVER_ERROR })],
]);

/** Per transport failure (HttpFailureCode says, for each, whether the request can have left this server). */
const BY_FAILURE: Readonly<Record<HttpFailureCode, AttemptMeaning>> = {
  [HttpFailureCode.CONNECT]: row({ retried: true, tripsBreaker: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.NETWORK }),
  [HttpFailureCode.CONNECT_TIMEOUT]: row({ retried: true, tripsBreaker: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.TIMEOUT }),
  [HttpFailureCode.TIMEOUT]: row({ retried: true, tripsBreaker: true, mayHaveApplied: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.TIMEOUT }),
  [HttpFailureCode.RESET]: row({ retried: true, tripsBreaker: true, mayHaveApplied: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.NETWORK }),
  [HttpFailureCode.CIRCUIT_OPEN]: row({ refusedHere: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.CIRCUIT_OPEN }),
  [HttpFailureCode.SHED]: row({ refusedHere: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.OVERLOADED }),
  [HttpFailureCode.DEADLINE]: row({ refusedHere: true, error: MembershipErrorCode.UPSTREAM_UNAVAILABLE, reason: UpstreamFailureReason.TIMEOUT }),
  // The account's rate, kept here for the whole fleet: the caller is told when to come back, as a 429 would.
  [HttpFailureCode.OVER_BUDGET]: row({ refusedHere: true, error: MembershipErrorCode.RATE_LIMITED }),
};

export function meaningOfStatus(status: number): AttemptMeaning {
  return BY_STATUS.get(status) ?? UNEXPECTED;
}

export function meaningOfFailure(code: HttpFailureCode): AttemptMeaning {
  return BY_FAILURE[code];
}

/** What an attempt means, whether it got a response or failed in transport. */
export function meaningOf(attempt: Attempt): AttemptMeaning {
  return attempt.kind === "response" ? meaningOfStatus(attempt.response.status) : meaningOfFailure(attempt.failure.code);
}

/**
 * The reason of a row that must name one: every UPSTREAM_UNAVAILABLE row and every row that may
 * have applied a write does (test/http/status-table.test.ts holds the table to it).
 */
export function reasonOf(meaning: AttemptMeaning): UpstreamFailureReason {
  if (meaning.reason === null) throw new Error("The status table names no reason for this outcome.");
  return meaning.reason;
}
