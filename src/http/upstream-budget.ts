import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { SharedRedis } from "../redis/shared-redis";

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

/**
 * One provider's upstream budget (docs/contract.md §10): at most `maxRps` requests a second across
 * every instance sharing REDIS_URL, and a Retry-After met by any instance pausing every instance's
 * calls to the provider until it passes. An attempt waits for room within its removal's deadline,
 * or is refused with the seconds it would have had to wait, having sent nothing.
 *
 * The counting is rate-limiter-flexible's: a fixed one-second window per provider, atomic on Redis
 * (a Lua INCR with expiry), in memory otherwise. A pause is that window blocked for the Retry-After
 * (the library's `set`), so one consume per attempt checks both the rate and the pause.
 *
 * Redis trouble is not an outage (§10): when the shared connection is down or a command fails, the
 * attempt is counted against this instance's own window instead, and the observer hears that the
 * shared budget was not used. A command never waits long: the shared connection has no offline
 * queue and a command timeout well under a removal's deadline (src/redis/shared-redis.ts).
 */
export class UpstreamBudget {
  private readonly local: RateLimiterAbstract | null;
  private readonly shared: { limiter: RateLimiterRedis; redis: SharedRedis; key: string } | null;
  private readonly observer: BudgetObserver;
  /** Epoch ms before which this instance sends nothing: its own record of a Retry-After, kept through a Redis outage. */
  private pausedUntil = 0;

  constructor(options: UpstreamBudgetOptions) {
    this.observer = options.observer;
    // No cap and no fleet: only this instance's pauses count, and those need no limiter.
    this.local = options.maxRps === null ? null : new RateLimiterMemory({ points: options.maxRps, duration: 1 });
    this.shared = options.shared
      ? {
          limiter: new RateLimiterRedis({
            storeClient: options.shared.redis.client,
            points: options.maxRps ?? UNCAPPED,
            duration: 1,
            keyPrefix: "upstream-budget",
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
    if (this.shared === null && this.local === null && this.pausedUntil <= Date.now()) return RESOLVED_GO;
    return this.takeWithin(endsAt);
  }

  /**
   * A Retry-After (in seconds, as retryAfterSeconds read it) that applies to the whole account:
   * no instance sends to this provider until it has passed. Recorded here at once, and on Redis
   * for the others without waiting for it: the call that met it goes on either way.
   */
  pause(seconds: number): void {
    const ms = Math.ceil(seconds * 1000);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    const shared = this.shared;
    if (shared === null || !shared.redis.available()) return;
    // Whole seconds, rounded up: the library sets the window's expiry in seconds.
    shared.limiter.set(shared.key, PAUSED, Math.ceil(seconds)).catch(() => {
      // Redis failed between the check and the command: this instance keeps its own pause, and
      // the shared connection's own log line says Redis is unreachable.
    });
  }

  private async takeWithin(endsAt: number): Promise<BudgetAnswer> {
    let waited = false;
    for (;;) {
      const { waitMs, shared } = await this.consume();
      if (waitMs <= 0) {
        this.observer.budgeted(waited ? "waited" : "sent", shared);
        return { kind: "go" };
      }
      // Waiting must leave the attempt time to be made: a wait that ends at the deadline is no use.
      if (Date.now() + waitMs >= endsAt) {
        this.observer.budgeted("refused", shared);
        return { kind: "refused", retryAfterSeconds: Math.ceil(waitMs / 1000) };
      }
      waited = true;
      await sleep(waitMs);
    }
  }

  /** Milliseconds until the attempt may go (0: now, and counted), and whether the fleet's budget said so. */
  private async consume(): Promise<{ waitMs: number; shared: boolean }> {
    // This instance's own record of a pause first: one it met while Redis was down is not on Redis.
    const pausedMs = this.pausedUntil - Date.now();
    if (pausedMs > 0) return { waitMs: pausedMs, shared: this.shared !== null && this.shared.redis.available() };
    const shared = this.shared;
    if (shared !== null && shared.redis.available()) {
      try {
        await shared.limiter.consume(shared.key);
        return { waitMs: 0, shared: true };
      } catch (refusal: unknown) {
        if (refusal instanceof RateLimiterRes) return { waitMs: Math.max(1, refusal.msBeforeNext), shared: true };
        // Redis failed mid-command: fall through to this instance's own budget.
      }
    }
    if (this.local === null) return { waitMs: 0, shared: false };
    try {
      await this.local.consume("local");
      return { waitMs: 0, shared: false };
    } catch (refusal: unknown) {
      if (refusal instanceof RateLimiterRes) return { waitMs: Math.max(1, refusal.msBeforeNext), shared: false };
      throw refusal;
    }
  }
}
