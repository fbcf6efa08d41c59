import { setTimeout as sleep } from "node:timers/promises";
import { context } from "@opentelemetry/api";
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  bulkhead,
  circuitBreaker,
  handleWhenResult,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from "cockatiel";
import type { AttemptObserver } from "./attempt-observer";
import type { Attempt, CallPolicy, CallScope, Send } from "./call-policy";
import { HttpFailure, HttpFailureCode } from "./http-failure";
import { pauseFor, retryAfterSeconds } from "./retry-after";
import { meaningOf } from "./status-table";
import type { UpstreamBudget } from "./upstream-budget";
import type { AttemptSpans } from "./attempt-tracing";

export interface ResilienceOptions {
  /** Bound on one attempt, connect to last body byte (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
  maxAttempts: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit refuses calls before one probe may go through. */
  halfOpenAfterMs: number;
  /** Concurrent requests to this upstream; more wait in a queue of maxQueued, then are shed. */
  maxConcurrent: number;
  maxQueued: number;
  /**
   * Of maxConcurrent (and maxQueued), the share federation entity reads may take. The rest is
   * kept for removals: one `_entities` request with thousands of references must not leave a
   * removal shed with "too many calls already in flight".
   */
  entityReadShare: number;
  /** Full-jitter exponential backoff: a wait drawn from [0, min(cap, base · 2^(n-1))]. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** UPSTREAM_MAX_PAUSE_S: the longest wait a Retry-After makes before the next attempt (docs/contract.md §7). */
  maxPauseS: number;
}

/**
 * What the breaker counts as a failure: the status table's tripsBreaker. It is only ever shown
 * attempts that were sent (ResilientPolicy.sendThroughBreaker), so every other attempt is a success: an answer.
 */
function isUnhealthy(result: unknown): boolean {
  return meaningOf(result as Attempt).tripsBreaker;
}

/**
 * One upstream's policy: a per-attempt timeout inside the whole removal's deadline, retries with
 * full-jitter backoff that honour Retry-After, a circuit breaker and a bulkhead (cockatiel).
 *
 * The retry loop is ours rather than cockatiel's RetryPolicy because the outcome rule
 * (docs/contract.md §2) needs every attempt, not only the last, and because a Retry-After that does not
 * fit in the deadline must end the call at once with that value rather than be waited out or
 * ignored. Retrying a DELETE is safe: it is idempotent, and what an ambiguous attempt may have
 * applied is accounted for by the outcome rule.
 */
export class ResilientPolicy implements CallPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  /** Entity reads pass this one first, then the shared one: they can never hold every place. */
  private readonly entityReads: BulkheadPolicy;
  private openedAt = 0;

  constructor(
    private readonly options: ResilienceOptions,
    private readonly observer: AttemptObserver,
    /** The provider's rate and Retry-After pauses, shared by the fleet (docs/contract.md §10). */
    private readonly budget: UpstreamBudget,
    /** Each attempt's span, when its trace is recorded (docs/contract.md §11). */
    private readonly spans: AttemptSpans,
  ) {
    this.breaker = circuitBreaker(handleWhenResult(isUnhealthy), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onStateChange((state) => observer.circuitChanged(state));
    this.bulkhead = bulkhead(options.maxConcurrent, options.maxQueued);
    const share = (places: number) => Math.max(1, Math.floor(places * options.entityReadShare));
    this.entityReads = bulkhead(share(options.maxConcurrent), share(options.maxQueued));
  }

  /** The call ends by `scope.endsAt`, the deadline of the whole removal it belongs to. */
  run(send: Send, route: string, scope: CallScope): Promise<Attempt[]> {
    return this.attemptFrom(send, route, scope, []);
  }

  /**
   * The next attempt, then those after it until one is the answer. Kept as a promise chain rather
   * than an async loop: every upstream call runs through it, and the benchmark (npm run bench)
   * showed the chain paying for itself.
   */
  private attemptFrom(send: Send, route: string, scope: CallScope, attempts: Attempt[]): Promise<Attempt[]> {
    const started = performance.now();
    const next = (outcome: Attempt): Attempt[] | Promise<Attempt[]> => {
      attempts.push(outcome);
      const wait = this.waitBeforeRetry(outcome, attempts.length, scope.endsAt);
      this.observer.attempted(route, outcome, attempts.length, performance.now() - started, wait);
      if (wait === null) return attempts;
      return sleep(wait).then(() => this.attemptFrom(send, route, scope, attempts));
    };
    return this.once(send, route, attempts.length + 1, scope).then(next, (error: unknown) => next(this.refusal(error)));
  }

  /** Milliseconds to wait before the next attempt, or null when this attempt is the answer. */
  private waitBeforeRetry(outcome: Attempt, attemptsMade: number, endsAt: number): number | null {
    if (attemptsMade >= this.options.maxAttempts) return null;
    if (!meaningOf(outcome).retried) return null;
    const told = outcome.kind === "response" ? retryAfterSeconds(outcome.response.headers["retry-after"]) : null;
    const wait = told === null ? this.backoff(attemptsMade) : pauseFor(told, this.options.maxPauseS) * 1000;
    // A wait that leaves no time for the attempt after it ends the call now, answering with what
    // the upstream said (its Retry-After included).
    return Date.now() + wait < endsAt ? wait : null;
  }

  private backoff(attemptsMade: number): number {
    const ceiling = Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** (attemptsMade - 1));
    return Math.random() * ceiling;
  }

  /**
   * One attempt: within the provider's budget, then through the bulkhead (an entity read through
   * its own, smaller one first), then, if its removal still has time, sent through the breaker.
   * Rejected when the breaker or a bulkhead refuses it (refusal). An attempt the budget has no room
   * for before the deadline, or whose removal has no time left, is not sent at all.
   *
   * The budget comes first so that a wait for room holds no place in the bulkhead. Only the send
   * itself runs inside the breaker (docs/contract.md §7): the breaker reads whatever its function
   * returns as the upstream's answer, and in the half-open state cockatiel closes the circuit on
   * any result that is not a failure and on any exception, so a refusal of ours inside it (shed,
   * deadline) would close the circuit on a call that was never sent.
   */
  private async once(send: Send, route: string, attempt: number, scope: CallScope): Promise<Attempt> {
    const room = await this.budget.take(scope.endsAt);
    if (room.kind === "refused") {
      return notSent(HttpFailureCode.OVER_BUDGET, "the provider's request budget (its *_MAX_RPS, or a Retry-After it sent) has no room for this call before the removal's deadline", room.retryAfterSeconds);
    }
    // An open circuit refuses before the bulkheads, so a call it will refuse never waits in their queues.
    const refused = this.circuitRefusal();
    if (refused !== null) return refused;
    // A bulkhead runs a queued call when another call leaves, in that call's async context: bound
    // to this one's, the attempt's span and the trace context it sends stay in its own removal's
    // trace (docs/contract.md §11). Bound to the context captured here, it runs in it from either queue.
    const traced = context.active();
    const admitted = () => this.bulkhead.execute(context.bind(traced, () => this.sendThroughBreaker(send, route, attempt, scope)));
    return scope.entityRead ? this.entityReads.execute(admitted) : admitted();
  }

  /**
   * The attempt, once it holds its places: sent through the breaker, unless its removal's deadline
   * has passed meanwhile or the circuit refuses it. The checks and the breaker's call run in one
   * turn of the event loop, so the time left is still the time left when the request goes.
   */
  private sendThroughBreaker(send: Send, route: string, attempt: number, scope: CallScope): Promise<Attempt> {
    const remaining = scope.endsAt - Date.now();
    if (remaining <= 0) return Promise.resolve(notSent(HttpFailureCode.DEADLINE, "the removal's deadline passed before this call could be sent"));
    const refused = this.circuitRefusal();
    if (refused !== null) return Promise.resolve(refused);
    // Each attempt is bounded by the per-attempt timeout and by what is left of the deadline.
    return this.breaker.execute(() => this.spans.around(route, attempt, () => send(Math.min(this.options.timeoutMs, remaining))));
  }

  /**
   * The circuit's refusal of a call, or null when the breaker may take it: closed, or open long
   * enough that this call becomes its half-open probe. While a probe is in flight every other call
   * is refused: cockatiel would hold it until the probe's answer and then send it, whatever was
   * left of its deadline by then.
   */
  private circuitRefusal(): Attempt | null {
    const state = this.breaker.state;
    if (state === CircuitState.HalfOpen) return circuitOpen(this.options.timeoutMs);
    if (state !== CircuitState.Open) return null;
    const reopensIn = this.openedAt + this.options.halfOpenAfterMs - Date.now();
    return reopensIn > 0 ? circuitOpen(reopensIn) : null;
  }

  /** A call the breaker or a bulkhead refused, as an attempt that sent nothing. */
  private refusal(error: unknown): Attempt {
    if (error instanceof BrokenCircuitError) return circuitOpen(this.openedAt + this.options.halfOpenAfterMs - Date.now());
    if (error instanceof BulkheadRejectedError) return notSent(HttpFailureCode.SHED, "too many calls already in flight");
    throw error;
  }
}

/** Refused by the circuit; the provider may be tried again in `reopensInMs` (a probe's answer, or the half-open time). */
function circuitOpen(reopensInMs: number): Attempt {
  return {
    kind: "failure",
    failure: new HttpFailure(HttpFailureCode.CIRCUIT_OPEN, "circuit open after repeated failures", {
      retryAfterSeconds: Math.ceil(Math.max(0, reopensInMs) / 1000),
    }),
  };
}

function notSent(code: HttpFailureCode.SHED | HttpFailureCode.DEADLINE | HttpFailureCode.OVER_BUDGET, why: string, retryAfterSeconds?: number): Attempt {
  return { kind: "failure", failure: new HttpFailure(code, why, { retryAfterSeconds }) };
}
