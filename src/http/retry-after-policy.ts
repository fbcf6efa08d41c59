import { pauseFor } from "./retry-after";

/**
 * Times work refused for a Retry-After is tried again after the pause: once. After the pause,
 * calls go out again and the provider's next answer decides (docs/contract.md §7); a second
 * refusal in a row is the answer, and the caller comes back when it says.
 */
export const RETRIES_AFTER_RETRY_AFTER = 1;

/**
 * The one Retry-After policy: what this server does when a provider asks it to wait, for single
 * removals, bulk calls (removeUsersFromGroup) and both job engines alike (docs/contract.md §7, §8).
 *
 * How long: a Retry-After of `told` seconds holds the provider's calls for pauseFor(told,
 * UPSTREAM_MAX_PAUSE_S) (holdMs), never longer: the retry loop's wait (ResilientPolicy), the fleet
 * budget's pause (UpstreamBudget), the bulk limiter's and the job queue's. Whoever is held back
 * meanwhile is told what the provider asked (RetryAfterPause).
 *
 * How often: work refused for a Retry-After (a RateLimitedError that says when to come back: by the
 * outcome rule nothing was sent that can have applied it) is tried again once the pause is over,
 * RETRIES_AFTER_RETRY_AFTER times; refused again, that refusal is its answer. Repeating it cannot
 * report a removal twice.
 *
 * Who waits how long: a single removal waits within its deadline, in the retry loop, and a pause
 * that does not fit is its answer at once; an item of a bulk call waits for a pause as long as a
 * removal's deadline, since its caller is waiting for the batch; a job's unit waits out the whole
 * pause, until its job is canceled or its engine closes.
 */
export class RetryAfterPolicy {
  constructor(
    /** UPSTREAM_MAX_PAUSE_S. */
    readonly maxPauseS: number,
    readonly retries: number = RETRIES_AFTER_RETRY_AFTER,
  ) {}

  /** How long a Retry-After of `toldSeconds` (as retryAfterSeconds read it) holds the provider's calls. */
  holdMs(toldSeconds: number): number {
    return pauseFor(toldSeconds, this.maxPauseS) * 1000;
  }

  /** Whether work refused for a Retry-After `refusals` times in all (1 for the first) is tried again after the pause. */
  triesAgain(refusals: number): boolean {
    return refusals <= this.retries;
  }

  /**
   * Runs `attempt` until its answer is not a refusal for a Retry-After (`toldOf` gives the seconds
   * a refusal was told, null for any other answer), or the policy makes that refusal the answer.
   * `attempt` waits out the pause itself, where its caller waits (BulkLimiter.run).
   */
  async execute<T>(attempt: () => Promise<T>, toldOf: (answer: T) => number | null): Promise<T> {
    for (let refusals = 1; ; refusals += 1) {
      const answer = await attempt();
      if (toldOf(answer) === null || !this.triesAgain(refusals)) return answer;
    }
  }
}
