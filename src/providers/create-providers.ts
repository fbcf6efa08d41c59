import { BULK_DEFAULTS, type BlueshiftRegion, type BulkConfig, type UpstreamConfig } from "../config/config";
import type { Secret } from "../config/secret";
import { ResilientPolicy, type ResilienceOptions } from "../http/resilient-policy";
import { UpstreamClient } from "../http/upstream-client";
import { Provider } from "../graphql/provider.enum";
import type { Logger } from "../log/logger";
import type { Metrics } from "../telemetry/metrics";
import { UpstreamTelemetry } from "../telemetry/upstream-telemetry";
import { BlueshiftProvider } from "./blueshift/provider";
import { BulkLimiter } from "./bulk/bulk-limiter";
import { RetryAfterWatch } from "./bulk/retry-after-watch";
import type { MembershipProvider } from "./membership-provider";
import { CredentialScrubber } from "./scrub";
import { UsergridProvider } from "./usergrid/provider";

/** Where each provider's requests go: the real service, or a bundled simulator. */
export interface ProviderTargets {
  blueshift: { baseUrl: string; apiKey: Secret; region: BlueshiftRegion; simulated: boolean };
  usergrid: { baseUrl: string; org: string; app: string; clientId: string; clientSecret: Secret; simulated: boolean };
}

/** What UPSTREAM_* does not set; tests tune these to see a breaker open and close quickly. */
export type ResilienceTuning = Omit<ResilienceOptions, "timeoutMs" | "maxAttempts"> & {
  keepAliveTimeoutMs: number;
};

export const DEFAULT_TUNING: ResilienceTuning = {
  breakerThreshold: 5,
  halfOpenAfterMs: 10_000,
  // Sized so that 256 concurrent callers against a 50 ms upstream are not throttled here; the
  // pool opens sockets only as load needs them.
  maxConcurrent: 256,
  maxQueued: 1024,
  // Entity reads may fill half the places; the other half is always there for removals.
  entityReadShare: 0.5,
  backoffBaseMs: 200,
  backoffCapMs: 2_000,
  keepAliveTimeoutMs: 4_000,
};

function endpointOf(target: { baseUrl: string; simulated: boolean }): string {
  return target.simulated ? "SIMULATOR" : new URL(target.baseUrl).host;
}

/**
 * Each provider gets its own pool, breaker, bulkhead and bulk limiter: one failing upstream never
 * slows the other.
 */
export function createProviders(
  targets: ProviderTargets,
  upstream: UpstreamConfig,
  /** Where each upstream attempt is logged and measured. */
  telemetry: { logger: Logger; metrics: Metrics },
  tuning: Partial<ResilienceTuning> = {},
  bulk: BulkConfig = BULK_DEFAULTS,
): MembershipProvider[] {
  const options = { ...DEFAULT_TUNING, ...tuning, ...upstream };
  const clientFor = (baseUrl: string, credentials: CredentialScrubber) =>
    new UpstreamClient(baseUrl, {
      connections: options.maxConcurrent,
      connectTimeoutMs: upstream.timeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
      scrub: (text) => credentials.scrub(text),
    });
  // A Retry-After met by any call to a provider pauses that provider's bulk items (RetryAfterWatch).
  const policies = (observer: UpstreamTelemetry) => {
    const limiter = new BulkLimiter({ ...bulk, maxPauseMs: upstream.deadlineMs });
    return { bulk: limiter, policy: new ResilientPolicy(options, new RetryAfterWatch(observer, (seconds) => limiter.pauseFor(seconds))) };
  };
  const blueshiftTelemetry = new UpstreamTelemetry(Provider.BLUESHIFT, telemetry.logger, telemetry.metrics);
  const usergridTelemetry = new UpstreamTelemetry(Provider.USERGRID, telemetry.logger, telemetry.metrics);
  const { blueshift, usergrid } = targets;
  // Everything each provider could echo back: its secrets, and what goes on the wire built from them.
  const blueshiftCredentials = new CredentialScrubber([blueshift.apiKey]);
  const usergridCredentials = new CredentialScrubber([usergrid.clientSecret, `${usergrid.clientId}:${usergrid.clientSecret.reveal()}`]);
  return [
    new BlueshiftProvider({
      http: clientFor(blueshift.baseUrl, blueshiftCredentials),
      credentials: blueshiftCredentials,
      ...policies(blueshiftTelemetry),
      apiKey: blueshift.apiKey,
      deadlineMs: upstream.deadlineMs,
      region: blueshift.region,
      configured: !blueshift.simulated,
      endpoint: endpointOf(blueshift),
    }),
    new UsergridProvider({
      http: clientFor(usergrid.baseUrl, usergridCredentials),
      credentials: usergridCredentials,
      ...policies(usergridTelemetry),
      tokenFetched: (expiresInSeconds) => usergridTelemetry.tokenFetched(expiresInSeconds),
      org: usergrid.org,
      app: usergrid.app,
      clientId: usergrid.clientId,
      clientSecret: usergrid.clientSecret,
      deadlineMs: upstream.deadlineMs,
      configured: !usergrid.simulated,
      endpoint: endpointOf(usergrid),
    }),
  ];
}
