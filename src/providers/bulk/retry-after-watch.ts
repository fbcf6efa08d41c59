import type { Attempt, CallPolicy, Send } from "../../http/call-policy";
import { retryAfterSeconds } from "../../http/retry-after";
import type { UpstreamResponse } from "../../http/upstream-client";

/** "Not now, come back then": nothing was applied, and the wait is the upstream's, not one call's. */
const PAUSING_STATUSES = new Set([429, 503]);

/**
 * Wraps a provider's policy and reports every Retry-After a 429 or 503 carries, whichever call met
 * it, single or bulk: a rate limit belongs to the account, so one answer slows every bulk item
 * that has not started yet (BulkLimiter.pauseFor). The call itself is left to the inner policy,
 * which retries it as it always does.
 */
export class RetryAfterWatch implements CallPolicy {
  constructor(
    private readonly inner: CallPolicy,
    private readonly onRetryAfter: (seconds: number) => void,
  ) {}

  run(send: Send, route: string): Promise<Attempt[]> {
    return this.inner.run(async (timeoutMs) => this.watch(await send(timeoutMs)), route);
  }

  private watch(response: UpstreamResponse): UpstreamResponse {
    if (PAUSING_STATUSES.has(response.status)) {
      const seconds = retryAfterSeconds(response.headers["retry-after"]);
      if (seconds !== null && seconds > 0) this.onRetryAfter(seconds);
    }
    return response;
  }
}
