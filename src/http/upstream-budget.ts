import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { SharedRedis } from "../redis/shared-redis";
import { MAX_RETRY_AFTER_SECONDS } from "./retry-after";
import { RetryAfterPause } from "./retry-after-pause";

/** Whether an attempt may be sent: now (after any wait), or not before its deadline. */
export type BudgetAnswer = { kind: "go" } | { kind: "refused"; retryAfterSeconds: number };

/**
 * How an attempt fared, for upstream_budget_total: sent at once, sent after waiting for room, or
 * refused (nothing sent); `shared` when the fleet's budget on Redis decided, false when this
 * instance's own did (no REDIS_URL, or Redis unreachable).
 */
export interface BudgetObserver {
  budgeted(outcome: "sent" | "waited" | "refused", shared: boolean): void;
}

export interface UpstreamBudgetOptions {
  /** `<PROVIDER>_MAX_RPS`: requests a second across every instance; null for no rate cap. */
  maxRps: number | null;
  /** UPSTREAM_MAX_PAUSE_S: the longest one Retry-After holds the provider's calls, here and on Redis (docs/contract.md §7). */
  maxPauseS: number;
  /**
   * The Redis every instance shares; without it the budget is this process's alone. The key names
   * the provider and the host its requests go to, so fleets calling different accounts' hosts on
   * one Redis do not share a budget.
   */
  shared?: { redis: SharedRedis; key: string };
  observer: BudgetObserver;
}

/**
 * Points of one second's window when no *_MAX_RPS is set: the window then only carries the pauses.
 * A rate no upstream call could reach, so it never refuses anything by itself.
 */
const UNCAPPED = 1_000_000_000;

/**
 * What a paused window holds: more than any window's points, so every consume is refused until the
 * pause's expiry, whatever *_MAX_RPS each instance was started with.
 */
const PAUSED = 1_000_000_000_000;

const RESOLVED_GO: Promise<BudgetAnswer> = Promise.resolve({ kind: "go" });

/** Whether a wait was for the rate or for a Retry-After pause, and whose record of the pause said so. */
type WaitCause = "rate" | "local-pause" | "shared-pause";

/**
 * One provider's upstream budget (docs/contract.md §10): at most `maxRps` requests a second across
 * every instance sharing REDIS_URL, and a Retry-After met by any instance pausing every instance's
 * calls to the provider, for UPSTREAM_MAX_PAUSE_S at most (§7). An attempt waits for room within
 * its removal's deadline, or is refused having sent nothing: told the seconds it would have had to
 * wait for the rate, or, in a pause, what is left of the wait the provider asked for.
 *
 * The counting is rate-limiter-flexible's: a fixed one-second window per provider, atomic on Redis
 * (a Lua INCR with expiry), in memory otherwise. A pause is that window blocked for the pause's
 * length (the library's `set`), so one consume per attempt checks both the rate and the pause; what
 * the provider asked for is kept beside it under a key of its own, for as long as the pause lasts.
 *
 * Redis trouble is not an outage (§10): when the shared connection is down or a command fails, the
 * attempt is counted against this instance's own window instead, and the observer hears that the
 * shared budget was not used. A command never waits long: the shared connection has no offline
 * queue and a command timeout well under a removal's deadline (src/redis/shared-redis.ts).
 */
export class UpstreamBudget {
  private readonly local: RateLimiterAbstract | null;
  private readonly shared: { limiter: RateLimiterRedis; told: RateLimiterRedis; redis: SharedRedis; key: string } | null;
  private readonly observer: BudgetObserver;
  /** This instance's own record of the Retry-Afters it met, kept through a Redis outage. */
  private readonly paused: RetryAfterPause;

  constructor(options: UpstreamBudgetOptions) {
    this.observer = options.observer;
    this.paused = new RetryAfterPause(options.maxPauseS);
    // No cap and no fleet: only this instance's pauses count, and those need no limiter.
    this.local = options.maxRps === null ? null : new RateLimiterMemory({ points: options.maxRps, duration: 1 });
    this.shared = options.shared
      ? {
          limiter: new RateLimiterRedis({
            storeClient: options.shared.redis.client,
            points: options.maxRps ?? UNCAPPED,
            duration: 1,
            keyPrefix: `${options.shared.redis.keyPrefix}upstream-budget`,
            rejectIfRedisNotReady: true,
          }),
          // Not a limit: a keyed value with an expiry, the epoch second until which the provider asked to wait.
          told: new RateLimiterRedis({
            storeClient: options.shared.redis.client,
            points: UNCAPPED,
            duration: 1,
            keyPrefix: `${options.shared.redis.keyPrefix}upstream-pause-told`,
            rejectIfRedisNotReady: true,
          }),
          redis: options.shared.redis,
          key: options.shared.key,
        }
      : null;
  }

  /**
   * Resolves when the attempt may be sent, having waited for room if that fits before `endsAt`;
   * otherwise refused at once, nothing sent. The answer costs nothing when there is no cap, no
   * fleet and no pause.
   */
  take(endsAt: number): Promise<BudgetAnswer> {
    if (this.shared === null && this.local === null && this.paused.heldForMs() === 0) return RESOLVED_GO;
    return this.takeWithin(endsAt);
  }

  /**
   * A Retry-After (in seconds, as retryAfterSeconds read it) that applies to the whole account:
   * no instance sends to this provider until the pause it makes (pauseFor: UPSTREAM_MAX_PAUSE_S at
   * most) has passed. Recorded here at once, and on Redis for the others without waiting for it:
   * the call that met it goes on either way. On Redis the pause expires by itself, so a restart
   * finds no pause longer than the one this instance was allowed to make.
   */
  pause(toldSeconds: number): void {
    const holdSeconds = this.paused.pause(toldSeconds);
    const shared = this.shared;
    // Nothing to hold (UPSTREAM_MAX_PAUSE_S=0): a `set` of 0 s would be a key that never expires.
    if (holdSeconds <= 0 || shared === null || !shared.redis.available()) return;
    // Whole seconds, rounded up: the library sets the window's expiry in seconds.
    const expiry = Math.ceil(holdSeconds);
    const toldUntil = Math.ceil(Date.now() / 1000 + toldSeconds);
    Promise.all([shared.limiter.set(shared.key, PAUSED, expiry), shared.told.set(shared.key, toldUntil, expiry)]).catch(() => {
      // Redis failed between the check and the command: this instance keeps its own pause, and
      // the shared connection's own log line says Redis is unreachable.
    });
  }

  private async takeWithin(endsAt: number): Promise<BudgetAnswer> {
    let waited = false;
    for (;;) {
      const { waitMs, shared, cause } = await this.consume();
      if (waitMs <= 0) {
        this.observer.budgeted(waited ? "waited" : "sent", shared);
        return { kind: "go" };
      }
      // Waiting must leave the attempt time to be made: a wait that ends at the deadline is no use.
      if (Date.now() + waitMs >= endsAt) {
        this.observer.budgeted("refused", shared);
        return { kind: "refused", retryAfterSeconds: Math.max(Math.ceil(waitMs / 1000), await this.toldSecondsLeft(cause)) };
      }
      waited = true;
      await sleep(waitMs);
    }
  }

  /**
   * Milliseconds until the attempt may go (0: now, and counted), whether the fleet's budget said
   * so, and what the wait is for.
   */
  private async consume(): Promise<{ waitMs: number; shared: boolean; cause: WaitCause }> {
    // This instance's own record of a pause first: one it met while Redis was down is not on Redis.
    const pausedMs = this.paused.heldForMs();
    if (pausedMs > 0) return { waitMs: pausedMs, shared: this.shared !== null && this.shared.redis.available(), cause: "local-pause" };
    const shared = this.shared;
    if (shared !== null && shared.redis.available()) {
      try {
        await shared.limiter.consume(shared.key);
        return { waitMs: 0, shared: true, cause: "rate" };
      } catch (refusal: unknown) {
        if (refusal instanceof RateLimiterRes) {
          // Only a pause fills the window this far: no count of requests reaches it.
          return { waitMs: Math.max(1, refusal.msBeforeNext), shared: true, cause: refusal.consumedPoints >= PAUSED ? "shared-pause" : "rate" };
        }
        // Redis failed mid-command: fall through to this instance's own budget.
      }
    }
    if (this.local === null) return { waitMs: 0, shared: false, cause: "rate" };
    try {
      await this.local.consume("local");
      return { waitMs: 0, shared: false, cause: "rate" };
    } catch (refusal: unknown) {
      if (refusal instanceof RateLimiterRes) return { waitMs: Math.max(1, refusal.msBeforeNext), shared: false, cause: "rate" };
      throw refusal;
    }
  }

  /**
   * In a pause, the seconds left of the wait the provider asked for, which a refused caller is told
   * (docs/contract.md §7); 0 for a wait for the rate, or when Redis cannot say.
   */
  private async toldSecondsLeft(cause: WaitCause): Promise<number> {
    if (cause === "local-pause") return this.paused.toldSecondsLeft();
    const shared = this.shared;
    if (cause === "rate" || shared === null) return 0;
    try {
      const told = await shared.told.get(shared.key);
      // Clamped again as it is read back: whatever the key holds, the answer fits an Int (§7).
      return told === null ? 0 : Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(told.consumedPoints - Date.now() / 1000)));
    } catch {
      // Redis failed after the refusal: the caller is told the pause's own length instead.
      return 0;
    }
  }
}
