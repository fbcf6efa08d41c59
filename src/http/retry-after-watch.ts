import type { CircuitState } from "cockatiel";
import type { AttemptObserver } from "./attempt-observer";
import type { Attempt } from "./call-policy";
import { retryAfterSeconds } from "./retry-after";
import { meaningOf } from "./status-table";

/**
 * Watches a provider's attempts and reports every Retry-After on a status that pauses callers (the
 * status table's pausesCallers: 429, 503), whichever call met it, single or bulk: a rate limit
 * belongs to the account, so one answer holds back every other call to the provider, on every
 * instance (UpstreamBudget.pause), and every bulk item and job unit that has not started yet
 * (BulkLimiter.pauseFor), each for UPSTREAM_MAX_PAUSE_S at most (RetryAfterPolicy). The call itself
 * is left to its policy, which retries it as it always does. It observes rather than wraps the
 * policy's send, so no call changes how it is made.
 */
export class RetryAfterWatch implements AttemptObserver {
  constructor(
    private readonly inner: AttemptObserver,
    private readonly onRetryAfter: (seconds: number) => void,
  ) {}

  attempted(route: string, outcome: Attempt, attemptNumber: number, durationMs: number, retryInMs: number | null): void {
    if (outcome.kind === "response" && meaningOf(outcome).pausesCallers) {
      const seconds = retryAfterSeconds(outcome.response.headers["retry-after"]);
      if (seconds !== null && seconds > 0) this.onRetryAfter(seconds);
    }
    this.inner.attempted(route, outcome, attemptNumber, durationMs, retryInMs);
  }

  circuitChanged(state: CircuitState): void {
    this.inner.circuitChanged(state);
  }
}
