import type { CircuitState } from "cockatiel";
import type { AttemptObserver } from "../../http/attempt-observer";
import type { Attempt } from "../../http/call-policy";
import { retryAfterSeconds } from "../../http/retry-after";

/** "Not now, come back then": nothing was applied, and the wait is the upstream's, not one call's. */
const PAUSING_STATUSES = new Set([429, 503]);

/**
 * Watches a provider's attempts and reports every Retry-After a 429 or 503 carries, whichever call
 * met it, single or bulk: a rate limit belongs to the account, so one answer slows every bulk item
 * that has not started yet (BulkLimiter.pauseFor). The call itself is left to its policy, which
 * retries it as it always does. It observes rather than wraps the policy's send: a wrapper was one
 * more async frame and promise per attempt on every removal, for a header that is rarely there.
 */
export class RetryAfterWatch implements AttemptObserver {
  constructor(
    private readonly inner: AttemptObserver,
    private readonly onRetryAfter: (seconds: number) => void,
  ) {}

  attempted(route: string, outcome: Attempt, attemptNumber: number, durationMs: number, retryInMs: number | null): void {
    if (outcome.kind === "response" && PAUSING_STATUSES.has(outcome.response.status)) {
      const seconds = retryAfterSeconds(outcome.response.headers["retry-after"]);
      if (seconds !== null && seconds > 0) this.onRetryAfter(seconds);
    }
    this.inner.attempted(route, outcome, attemptNumber, durationMs, retryInMs);
  }

  circuitChanged(state: CircuitState): void {
    this.inner.circuitChanged(state);
  }
}
