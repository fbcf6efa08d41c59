import { RateLimitedError } from "../../graphql/errors/rate-limited.error";
import type { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";

/**
 * What RetryAfterPolicy tries again among a removal's answers: a RateLimitedError that says when to
 * come back, whose seconds this returns. By the outcome rule (docs/contract.md §2) it is answered
 * only when no attempt can have applied the removal, so sending it again cannot remove anyone twice
 * or hide a removal. null for every other answer, and for a RateLimitedError without a Retry-After:
 * the provider gave no time to wait for.
 */
export function retryAfterRefusalOf(result: RemoveUserFromGroupResult | null): number | null {
  return result instanceof RateLimitedError ? result.retryAfterSeconds : null;
}

/**
 * The answer of a bulk item or job unit the provider's pause held back for longer than it waits
 * (BulkLimiter.run): told what is left of the wait the provider asked for (docs/contract.md §7).
 */
export function heldBackByRetryAfter(provider: Provider, retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError({
    provider,
    retryAfterSeconds,
    message: `The provider asked this server to wait ${retryAfterSeconds} s (Retry-After): this user was not sent, nothing was changed.`,
  });
}
