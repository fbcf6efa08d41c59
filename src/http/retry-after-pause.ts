import { pauseFor } from "./retry-after";

/**
 * One provider's Retry-After as this instance keeps it: until when its calls are held (pauseFor,
 * at most UPSTREAM_MAX_PAUSE_S), and until when the provider asked to be left alone, which is what
 * a caller held back meanwhile is told (docs/contract.md §7). Moments, not flags: each ends when
 * the clock passes it, whether or not anyone waited it out, so nothing has to clear them; neither
 * is more than a day away, as retryAfterSeconds clamps every Retry-After it reads.
 */
export class RetryAfterPause {
  private holdUntil = 0;
  private toldUntil = 0;

  constructor(
    private readonly maxPauseS: number,
    /** Epoch ms now; Date.now unless a test turns the clock itself. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The provider answered a Retry-After of `toldSeconds`; returns the seconds it holds calls for.
   * Of two Retry-Afters the longer holds: a shorter one ends neither moment early.
   */
  pause(toldSeconds: number): number {
    const now = this.now();
    const holdSeconds = pauseFor(toldSeconds, this.maxPauseS);
    this.holdUntil = Math.max(this.holdUntil, now + holdSeconds * 1000);
    this.toldUntil = Math.max(this.toldUntil, now + toldSeconds * 1000);
    return holdSeconds;
  }

  /** Milliseconds until calls may go again; 0 when nothing holds them. */
  heldForMs(): number {
    return Math.max(0, this.holdUntil - this.now());
  }

  /** What a caller held back now is told: the seconds left of what the provider asked (never less than the hold). */
  toldSecondsLeft(): number {
    return Math.ceil(Math.max(0, Math.max(this.toldUntil, this.holdUntil) - this.now()) / 1000);
  }
}
