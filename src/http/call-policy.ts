import type { HttpFailure } from "./http-failure";
import type { UpstreamResponse } from "./upstream-response";

/** What one attempt of an upstream call came to. */
export type Attempt =
  | { kind: "response"; response: UpstreamResponse }
  | { kind: "failure"; failure: HttpFailure };

/** One attempt of the call, given up after `timeoutMs` (UpstreamClient.send). */
export type Send = (timeoutMs: number) => Promise<Attempt>;

/**
 * What one upstream call belongs to. A removal makes several calls one after another (a token, a
 * lookup, a membership read, the DELETE) and UPSTREAM_DEADLINE_MS bounds all of them together,
 * retries and waits included: each call gets the
 * removal's deadline, not a fresh one of its own.
 */
export interface CallScope {
  /** Epoch ms by which every attempt of every call of this removal (or entity read) has ended. */
  readonly endsAt: number;
  /**
   * A federation entity read rather than part of a removal: such reads get only part of the
   * provider's in-flight budget, so a flood of them cannot starve removals.
   */
  readonly entityRead: boolean;
}

/** A scope starting now: what a removal, or one batch of entity reads, is given. */
export function scopeFrom(deadlineMs: number, entityRead = false): CallScope {
  return { endsAt: Date.now() + deadlineMs, entityRead };
}

/**
 * How one upstream call is attempted. Providers hand their request to a policy and get back
 * every attempt in order, the last being the call's answer, so that the outcome rule of
 * docs/contract.md §2 can look at all of them. ResilientPolicy is the one in use.
 */
export interface CallPolicy {
  /**
   * `route` names the request by its template, e.g. `DELETE /api/v1/customer_group/{group_id}/user/{user_uuid}`,
   * for logs and metrics: never the concrete path, which carries ids and emails.
   */
  run(send: Send, route: string, scope: CallScope): Promise<Attempt[]>;
}

/** The call's answer: policies always return at least one attempt. */
export function lastAttempt(attempts: readonly Attempt[]): Attempt {
  const last = attempts[attempts.length - 1];
  if (!last) throw new Error("a call policy returned no attempt");
  return last;
}
