import { setTimeout as sleep } from "node:timers/promises";

export interface BulkLimits {
  /** Bulk items in progress at once, across every bulk call to the provider (BULK_CONCURRENCY). */
  concurrency: number;
  /** Refs one bulk call may carry (BULK_MAX_REFS). */
  maxRefs: number;
  /**
   * The longest Retry-After pause the batch waits out (UPSTREAM_DEADLINE_MS, what one call would
   * wait); a longer one is answered at once instead, as a single call answers it.
   */
  maxPauseMs: number;
  /** Epoch ms now; Date.now unless a test turns the clock itself. */
  now?: () => number;
}

/**
 * How bulk removals reach one provider: at most `concurrency` items at a time, in arrival order,
 * shared by every bulk call to that provider, and none started while the provider has asked for
 * a pause (Retry-After). Single calls never wait here, so a bulk call cannot starve them; they
 * only report the pauses they meet.
 *
 * An item holds its place for all of its upstream calls (a lookup, a membership read, the DELETE),
 * which each provider makes one after another, so the provider never sees more than `concurrency`
 * requests from bulk calls at once. The place is taken before the item's calls begin, so time
 * spent waiting here never eats into their timeouts or deadline.
 */
export class BulkLimiter {
  readonly concurrency: number;
  readonly maxRefs: number;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /**
   * Epoch ms before which no item starts. A moment, not a flag: a pause ends when the clock passes
   * it, whether or not anyone waited it out, so nothing has to clear it. It is never later than
   * a day away, as retryAfterSeconds clamps every Retry-After it reads.
   */
  private notBefore = 0;

  constructor(limits: BulkLimits) {
    this.concurrency = limits.concurrency;
    this.maxRefs = limits.maxRefs;
    this.maxPauseMs = limits.maxPauseMs;
    this.now = limits.now ?? Date.now;
  }

  /** The provider answered Retry-After (as retryAfterSeconds read it): no item starts until it has passed. */
  pauseFor(seconds: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + seconds * 1000);
  }

  /** Milliseconds until items may start again; 0 when there is no pause. */
  pausedForMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /**
   * Runs `task` once a place is free and any pause is over. A pause longer than maxPauseMs is not
   * waited out: `tooLong` answers instead, with the seconds left, and nothing is sent.
   */
  async run<T>(task: () => Promise<T>, tooLong: (retryAfterSeconds: number) => T): Promise<T> {
    await this.enter();
    try {
      // Re-read after each wait: an item that ran meanwhile may have met a longer Retry-After.
      for (let pause = this.pausedForMs(); pause > 0; pause = this.pausedForMs()) {
        if (pause > this.maxPauseMs) return tooLong(Math.ceil(pause / 1000));
        await sleep(pause);
      }
      return await task();
    } finally {
      this.leave();
    }
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
