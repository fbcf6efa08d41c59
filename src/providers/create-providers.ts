import { BULK_DEFAULTS, type BulkConfig, type UpstreamBudgetConfig, type UpstreamConfig } from "../config/config";
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  BREAKER_THRESHOLD,
  ENTITY_READ_SHARE,
  HALF_OPEN_AFTER_MS,
  UPSTREAM_KEEP_ALIVE_TIMEOUT_MS,
  UPSTREAM_MAX_CONCURRENT,
  UPSTREAM_MAX_QUEUED,
} from "../config/tunables";
import { ResilientPolicy, type ResilienceOptions } from "../http/resilient-policy";
import { UpstreamBudget } from "../http/upstream-budget";
import { UpstreamClient } from "../http/upstream-client";
import { RetryAfterWatch } from "../http/retry-after-watch";
import type { Logger } from "../log/logger";
import type { SharedRedis } from "../redis/shared-redis";
import { AttemptSpans } from "../http/attempt-tracing";
import type { Metrics } from "../telemetry/metrics";
import { UpstreamTelemetry } from "../http/upstream-telemetry";
import { BulkLimiter } from "./bulk/bulk-limiter";
import type { MembershipProvider } from "./membership-provider";
import type { ProviderSettings } from "./provider-settings";
import { definitionOf, mapProviders, PROVIDER_KEYS, type ProviderKey, type SettingsOf } from "./registry";
import { CredentialScrubber } from "./scrub";

/** Where one provider's requests go: its settings, and whether they point at a bundled simulator. */
export type ProviderTarget<Settings extends ProviderSettings> = Settings & { simulated: boolean };

/** Every provider's target, under its registry key. */
export type ProviderTargets = { [K in ProviderKey]: ProviderTarget<SettingsOf<K>> };

/** What UPSTREAM_* does not set; tests tune these to see a breaker open and close quickly. */
export type ResilienceTuning = Omit<ResilienceOptions, "timeoutMs" | "maxAttempts" | "maxPauseS"> & {
  keepAliveTimeoutMs: number;
};

/** The tunables' values (src/config/tunables.ts says what each one bounds). */
export const DEFAULT_TUNING: ResilienceTuning = {
  breakerThreshold: BREAKER_THRESHOLD,
  halfOpenAfterMs: HALF_OPEN_AFTER_MS,
  maxConcurrent: UPSTREAM_MAX_CONCURRENT,
  maxQueued: UPSTREAM_MAX_QUEUED,
  entityReadShare: ENTITY_READ_SHARE,
  backoffBaseMs: BACKOFF_BASE_MS,
  backoffCapMs: BACKOFF_CAP_MS,
  keepAliveTimeoutMs: UPSTREAM_KEEP_ALIVE_TIMEOUT_MS,
};

/**
 * What the instances of a fleet share per provider (docs/contract.md §10): its request rate
 * (*_MAX_RPS) and the Retry-After pauses it sends, on the Redis of REDIS_URL when there is one.
 */
export interface FleetBudget {
  maxRps: UpstreamBudgetConfig;
  sharedRedis?: SharedRedis;
}

/** One process, no cap: only the pauses a provider asks for, kept by this instance. */
export const NO_FLEET_BUDGET: FleetBudget = { maxRps: mapProviders<UpstreamBudgetConfig>(() => null) };

function endpointOf(target: ProviderTarget<ProviderSettings>): string {
  return target.simulated ? "SIMULATOR" : new URL(target.baseUrl).host;
}

/** What every provider is built with, besides its target. */
export interface ProvidersWiring {
  /** UPSTREAM_*. */
  upstream: UpstreamConfig;
  /** Where each upstream attempt is logged and measured. */
  telemetry: { logger: Logger; metrics: Metrics };
  /** BULK_CONCURRENCY and BULK_MAX_REFS; their defaults unless given. */
  bulk?: BulkConfig;
  /** The fleet's budget; this process alone, uncapped, unless given. */
  fleet?: FleetBudget;
  /** Overrides of DEFAULT_TUNING, for tests that cannot wait for a breaker or a backoff. */
  tuning?: Partial<ResilienceTuning>;
}

/**
 * Each provider gets its own pool, breaker, bulkhead, bulk limiter and request budget, made here
 * once and handed to its definition: one failing upstream never slows another.
 */
export function createProviders(targets: ProviderTargets, wiring: ProvidersWiring): MembershipProvider[] {
  const { upstream, telemetry, bulk = BULK_DEFAULTS, fleet = NO_FLEET_BUDGET } = wiring;
  const options = { ...DEFAULT_TUNING, ...wiring.tuning, ...upstream };
  const createProvider = <K extends ProviderKey>(key: K, target: ProviderTarget<SettingsOf<K>>): MembershipProvider => {
    const definition = definitionOf(key);
    const observer = new UpstreamTelemetry(definition.provider, telemetry.logger, telemetry.metrics);
    // Everything the provider could echo back: its secrets, and what goes on the wire built from them.
    const credentials = new CredentialScrubber(definition.credentials(target));
    const limiter = new BulkLimiter({ ...bulk, maxWaitMs: upstream.deadlineMs, maxPauseS: upstream.maxPauseS });
    const budget = new UpstreamBudget({
      maxRps: fleet.maxRps[key],
      maxPauseS: upstream.maxPauseS,
      // Keyed by provider and host: fleets on one Redis that call different hosts keep apart.
      shared: fleet.sharedRedis ? { redis: fleet.sharedRedis, key: `${key}:${new URL(target.baseUrl).host}` } : undefined,
      observer,
    });
    const pauseCallers = (seconds: number) => {
      limiter.pauseFor(seconds);
      budget.pause(seconds);
    };
    return definition.create(target, {
      http: new UpstreamClient(target.baseUrl, {
        connections: options.maxConcurrent,
        connectTimeoutMs: upstream.timeoutMs,
        keepAliveTimeoutMs: options.keepAliveTimeoutMs,
        scrub: (text) => credentials.scrub(text),
      }),
      credentials,
      // A Retry-After met by any call to a provider pauses every call to it, from every instance,
      // and holds back this instance's bulk items (RetryAfterWatch), each for UPSTREAM_MAX_PAUSE_S at most.
      policy: new ResilientPolicy(options, new RetryAfterWatch(observer, pauseCallers), budget, new AttemptSpans(target.baseUrl)),
      bulk: limiter,
      telemetry: observer,
      deadlineMs: upstream.deadlineMs,
      configured: !target.simulated,
      endpoint: endpointOf(target),
    });
  };
  return PROVIDER_KEYS.map((key) => createProvider(key, targets[key]));
}
