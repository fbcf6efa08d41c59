import type { Attempt } from "./call-policy";
import { HttpFailureCode } from "./http-failure";

/**
 * What one attempt's outcome means to the transport: the retry loop and the circuit breaker
 * (ResilientPolicy), the outcome rule (src/removal/outcome-rule.ts) and the bulk pause
 * (RetryAfterWatch). What a caller is told of it (an error code, a reason) is said above this
 * layer, in src/providers/kit/error-table.ts.
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
}

const row = (meaning: Partial<AttemptMeaning>): AttemptMeaning => ({
  retried: false,
  tripsBreaker: false,
  mayHaveApplied: false,
  pausesCallers: false,
  refusedHere: false,
  ...meaning,
});

/** Any status this table does not list: a definite answer that applied nothing (a 4xx), or one providers read themselves (200, 404). */
const DEFINITE = row({});

/** Per HTTP status (docs/contract.md §2; docs/blueshift.md §4 for what is retried). */
const BY_STATUS: ReadonlyMap<number, AttemptMeaning> = new Map([
  // "Not now": nothing was applied, and the wait the upstream names is for everyone.
  [429, row({ retried: true, pausesCallers: true })],
  // May have applied, and Blueshift says "Contact support", so it is not retried blindly (docs/blueshift.md §4).
  [500, row({ tripsBreaker: true, mayHaveApplied: true })],
  // A gateway in front of the upstream gave up: the request may have reached it.
  [502, row({ retried: true, tripsBreaker: true, mayHaveApplied: true })],
  // Unavailable: nothing was applied, and a Retry-After on it is for everyone.
  [503, row({ retried: true, tripsBreaker: true, pausesCallers: true })],
  [504, row({ retried: true, tripsBreaker: true, mayHaveApplied: true })],
]);

/** Per transport failure (HttpFailureCode says, for each, whether the request can have left this server). */
const BY_FAILURE: Readonly<Record<HttpFailureCode, AttemptMeaning>> = {
  [HttpFailureCode.CONNECT]: row({ retried: true, tripsBreaker: true }),
  [HttpFailureCode.CONNECT_TIMEOUT]: row({ retried: true, tripsBreaker: true }),
  [HttpFailureCode.TIMEOUT]: row({ retried: true, tripsBreaker: true, mayHaveApplied: true }),
  [HttpFailureCode.RESET]: row({ retried: true, tripsBreaker: true, mayHaveApplied: true }),
  [HttpFailureCode.CIRCUIT_OPEN]: row({ refusedHere: true }),
  [HttpFailureCode.SHED]: row({ refusedHere: true }),
  [HttpFailureCode.DEADLINE]: row({ refusedHere: true }),
  // The account's rate, kept here for the whole fleet.
  [HttpFailureCode.OVER_BUDGET]: row({ refusedHere: true }),
};

export function meaningOfStatus(status: number): AttemptMeaning {
  return BY_STATUS.get(status) ?? DEFINITE;
}

export function meaningOfFailure(code: HttpFailureCode): AttemptMeaning {
  return BY_FAILURE[code];
}

/** What an attempt means, whether it got a response or failed in transport. */
export function meaningOf(attempt: Attempt): AttemptMeaning {
  return attempt.kind === "response" ? meaningOfStatus(attempt.response.status) : meaningOfFailure(attempt.failure.code);
}
