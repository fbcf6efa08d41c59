/**
 * The longest wait a Retry-After is read as: a day. The header comes from the upstream (or from
 * whatever sits in front of it), so it is clamped here, where it is parsed, and every user of it
 * gets the clamped value: the retry loop, the RateLimitedError and UpstreamUnavailableError the
 * client reads (whose retryAfterSeconds is a GraphQL Int), and the bulk limiter's pause, which
 * must end by itself rather than outlast the process (docs/contract.md §7).
 */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * Seconds to wait from a Retry-After header, which is either delta-seconds or an HTTP-date
 * (RFC 9110 §10.2.3), between 0 and MAX_RETRY_AFTER_SECONDS; null when there is none or it cannot
 * be read. Seconds are never read as milliseconds (wundergraph/cosmo#2167).
 */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  // Digits only, so never negative; a run of digits too long for a double reads as Infinity, which the clamp bounds too.
  if (/^\d+$/.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER_SECONDS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  // A date in the past means "now"; one in year 9999 means "not today".
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
}

/**
 * How long this server holds a provider's calls for a Retry-After of `toldSeconds` (as
 * retryAfterSeconds read it): what the provider asked, but never longer than `maxPauseS`
 * (UPSTREAM_MAX_PAUSE_S). One answer must not stop the service for long; after the pause, calls go
 * out again and the provider's next answer decides (docs/contract.md §7). Callers held back
 * meanwhile are still told what the provider asked (RetryAfterPause).
 *
 * The one rule for every place a Retry-After becomes a wait or a pause: the retry loop
 * (ResilientPolicy), the fleet's budget (UpstreamBudget), the bulk limiter and the job queues.
 */
export function pauseFor(toldSeconds: number, maxPauseS: number): number {
  return Math.max(0, Math.min(toldSeconds, maxPauseS));
}
