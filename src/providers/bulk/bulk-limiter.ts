import { setTimeout as sleep } from "node:timers/promises";
import { RetryAfterPause } from "../../http/retry-after-pause";
import { RetryAfterPolicy } from "../../http/retry-after-policy";

export interface BulkLimits {
  /** Bulk items in progress at once, across every bulk call to the provider (BULK_CONCURRENCY). */
  concurrency: number;
  /** Refs one bulk call may carry (BULK_MAX_REFS). */
  maxRefs: number;
  /**
   * The longest pause a bulk call's item waits out (UPSTREAM_DEADLINE_MS, what one call would
   * wait); a longer one is answered at once instead, as a single call answers it. A job's unit
   * waits longer (RunOptions.maxWaitMs).
   */
  maxWaitMs: number;
  /** UPSTREAM_MAX_PAUSE_S: the longest one Retry-After holds items back (docs/contract.md §7). */
  maxPauseS: number;
  /** Epoch ms now; Date.now unless a test turns the clock itself. */
  now?: () => number;
}

export interface RunOptions {
  /** The longest pause this task waits out; BulkLimits.maxWaitMs unless given. */
  maxWaitMs?: number;
  /** Ends a wait for a pause early: the task then runs at once, and must see for itself that it is no longer wanted. */
  signal?: AbortSignal;
}

/**
 * How bulk removals reach one provider: at most `concurrency` items at a time, in arrival order,
 * shared by every bulk call to that provider, and none started while the provider has asked for
 * a pause (Retry-After; for UPSTREAM_MAX_PAUSE_S at most). Single calls never wait here, so a bulk
 * call cannot starve them; they only report the pauses they meet.
 *
 * An item holds its place for all of its upstream calls (a lookup, a membership read, the DELETE),
 * which each provider makes one after another, so the provider never sees more than `concurrency`
 * requests from bulk calls at once. The place is taken before the item's calls begin, so time
 * spent waiting here never eats into their timeouts or deadline. A pause is waited out before a
 * place is taken: a job's unit waiting out a long pause holds no place a bulk call needs to be
 * answered that it is held back.
 */
export class BulkLimiter {
  readonly concurrency: number;
  readonly maxRefs: number;
  /** What a Retry-After does to this provider's bulk items and job units: how long they are held, how often tried again. */
  readonly retryAfter: RetryAfterPolicy;
  private readonly maxWaitMs: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Until when no item starts, and what a held item is told meanwhile. */
  private readonly paused: RetryAfterPause;

  constructor(limits: BulkLimits) {
    this.concurrency = limits.concurrency;
    this.maxRefs = limits.maxRefs;
    this.maxWaitMs = limits.maxWaitMs;
    this.retryAfter = new RetryAfterPolicy(limits.maxPauseS);
    this.paused = new RetryAfterPause(limits.maxPauseS, limits.now);
  }

  /**
   * The provider answered Retry-After (as retryAfterSeconds read it): no item starts until the
   * pause it makes has passed (RetryAfterPolicy.holdMs: UPSTREAM_MAX_PAUSE_S at most).
   */
  pauseFor(toldSeconds: number): void {
    this.paused.pause(toldSeconds);
  }

  /** Milliseconds until items may start again; 0 when there is no pause. */
  pausedForMs(): number {
    return this.paused.heldForMs();
  }

  /**
   * Runs `task` once a place is free and any pause is over. A pause longer than maxWaitMs is not
   * waited out: `tooLong` answers instead, with what is left of the wait the provider asked for
   * (docs/contract.md §7), and nothing is sent.
   */
  async run<T>(task: () => Promise<T>, tooLong: (retryAfterSeconds: number) => T, options: RunOptions = {}): Promise<T> {
    const maxWaitMs = options.maxWaitMs ?? this.maxWaitMs;
    for (;;) {
      const told = await this.waitOutPause(maxWaitMs, options.signal);
      if (told !== null) return tooLong(told);
      await this.enter();
      // Re-read once the place is taken: an item that ran meanwhile may have met a Retry-After.
      if (this.pausedForMs() === 0 || options.signal?.aborted === true) break;
      this.leave();
    }
    try {
      return await task();
    } finally {
      this.leave();
    }
  }

  /** Sleeps until no pause holds items; the seconds to tell instead when the pause is longer than `maxWaitMs`. */
  private async waitOutPause(maxWaitMs: number, signal: AbortSignal | undefined): Promise<number | null> {
    for (let pause = this.pausedForMs(); pause > 0 && signal?.aborted !== true; pause = this.pausedForMs()) {
      if (pause > maxWaitMs) return this.paused.toldSecondsLeft();
      await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
    return null;
  }

  private enter(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The place passes straight to the next item in line, so `running` never dips between them. */
  private leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
