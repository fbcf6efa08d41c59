import { setTimeout as sleep } from "node:timers/promises";
import { OutcomeUnknownError } from "../graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../graphql/errors/upstream-failure-reason.enum";
import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { Logger } from "../log/logger";
import { heldBackByRetryAfter, retryAfterRefusalOf } from "../providers/bulk/retry-after-refusal";
import type { MembershipProvider } from "../providers/membership-provider";
import { afterInterruption } from "../removal/after-interruption";
import { removeMembership } from "../removal/remove-membership";
import type { BulkJobUnit, RunUnit } from "./bulk-jobs";

/** One unit of one job, as a worker took it. */
export interface UnitWork {
  jobId: string;
  provider: Provider;
  groupId: string;
  unit: BulkJobUnit;
  /**
   * An earlier worker began this unit and stopped before storing its answer (a crash, docs/contract.md
   * §8), so an attempt may have reached the provider: only a confirmed removal stands now.
   */
  interrupted: boolean;
  /** Retry-After refusals this unit met before this try (RetryAfterPolicy counts them). */
  refusals: number;
}

/** What one try of a unit came to. */
export type UnitTry =
  /** The unit's answer, to be stored at each of its positions. */
  | { kind: "answered"; result: RemoveUserFromGroupResult }
  /** Refused for a Retry-After, nothing sent: the unit is tried again once `holdMs` has passed, however its engine waits. */
  | { kind: "held"; holdMs: number }
  /** Its job stopped wanting it (canceled, or the engine is closing) before anything was sent: it has no answer. */
  | { kind: "dropped" };

export interface TryOptions {
  /** Asked once the unit holds its place, before anything is sent; false drops it. Always wanted unless given. */
  wanted?: () => boolean;
  /**
   * The longest pause of the provider's bulk limiter the try waits out before it counts as refused;
   * a bulk call's (a removal's deadline) unless given. Jobs in this process wait out every pause.
   */
  maxWaitMs?: number;
  /** Ends a wait for a pause early, when the unit may no longer be wanted. */
  signal?: AbortSignal;
}

/**
 * Answers each unit through removeMembership, the path removeUserFromGroup takes, so a job keeps its
 * deadline, outcome rule and identity checks (docs/contract.md §8). A session per unit: its lookup
 * cache belongs to one job's user and is never shared with another caller's work.
 */
export function removeUnitWith(providers: ReadonlyMap<Provider, MembershipProvider>): RunUnit {
  return (provider, groupId, unit) => {
    const membership = providers.get(provider);
    if (!membership) throw new Error(`No provider ${provider} is configured for bulk-removal jobs.`);
    return removeMembership(membership.openSession(), groupId, unit.user);
  };
}

/**
 * The one way a unit of a bulk-removal job is answered, whichever engine took it: through the
 * provider's BulkLimiter (the places and pauses removeUsersFromGroup shares), under the provider's
 * Retry-After policy (RetryAfterPolicy: refused for a Retry-After, a unit is tried again after the
 * pause, once), with the interruption rule (afterInterruption) on its final answer, and a defect
 * of this server answered rather than thrown (guarded). The engine stores the answer.
 */
export class UnitRunner {
  private readonly runUnit: RunUnit;

  constructor(
    private readonly providers: ReadonlyMap<Provider, MembershipProvider>,
    private readonly logger: Logger,
    /** How each unit is removed; the providers' own sessions unless given. */
    runUnit?: RunUnit,
  ) {
    this.runUnit = runUnit ?? removeUnitWith(providers);
  }

  /** One try of the unit, held back by the limiter first; the engine waits out a hold its own way (the queue on Redis). */
  async tryOnce(work: UnitWork, options: TryOptions = {}): Promise<UnitTry> {
    const { wanted = () => true } = options;
    const limiter = this.providers.get(work.provider)?.bulk;
    if (!limiter) return this.answered(work, await this.guarded(work));
    const result = await limiter.run(
      () => (wanted() ? this.guarded(work) : Promise.resolve(null)),
      (retryAfterSeconds) => heldBackByRetryAfter(work.provider, retryAfterSeconds),
      { maxWaitMs: options.maxWaitMs, signal: options.signal },
    );
    if (result === null) return { kind: "dropped" };
    const told = retryAfterRefusalOf(result);
    if (told !== null && limiter.retryAfter.triesAgain(work.refusals + 1)) return { kind: "held", holdMs: limiter.retryAfter.holdMs(told) };
    return this.answered(work, result);
  }

  /**
   * Tries the unit until it is answered or dropped, waiting out each hold here, in this process:
   * the in-process engine's way. `signal` ends any wait at once (cancel, close); nothing is sent
   * after it unless `wanted` still says so.
   */
  async answer(work: Omit<UnitWork, "refusals">, wanted: () => boolean, signal: AbortSignal): Promise<RemoveUserFromGroupResult | null> {
    for (let refusals = 0; ; refusals += 1) {
      const tried = await this.tryOnce({ ...work, refusals }, { wanted, signal, maxWaitMs: Number.POSITIVE_INFINITY });
      if (tried.kind === "answered") return tried.result;
      if (tried.kind === "dropped") return null;
      await sleep(tried.holdMs, undefined, { signal }).catch(() => undefined);
    }
  }

  private answered(work: UnitWork, result: RemoveUserFromGroupResult): UnitTry {
    return { kind: "answered", result: work.interrupted ? afterInterruption(work.provider, result) : result };
  }

  /**
   * A unit that throws is a defect of this server, not an answer of the provider; its request may
   * have been sent, so the honest answer is that the outcome is unknown, and the job goes on.
   */
  private async guarded(work: UnitWork): Promise<RemoveUserFromGroupResult> {
    try {
      return await this.runUnit(work.provider, work.groupId, work.unit);
    } catch (error) {
      this.logger.error({ err: error, jobId: work.jobId, provider: work.provider }, "bulk removal job unit failed");
      return new OutcomeUnknownError({
        provider: work.provider,
        attempts: 1,
        reason: UpstreamFailureReason.NETWORK,
        message: "This server failed while removing the user, after its request may have been sent. Removing again is safe; check the group before relying on either outcome.",
      });
    }
  }
}
