import request from "supertest";
import type { DestinationStream } from "pino";
import { BULK_JOB_DEFAULTS, providerSettings, type BulkConfig, type CallerAuthConfig, type Config, type UpstreamBudgetConfig, type UpstreamConfig } from "../../src/config/config";
import type { Logger } from "../../src/log/logger";
import { createServerLogger } from "../../src/server-logger";
import type { BlueshiftSimulatorOptions } from "../../src/simulators/blueshift/simulator";
import { createProviders, NO_FLEET_BUDGET, type ProviderTarget, type ProviderTargets, type ResilienceTuning } from "../../src/providers/create-providers";
import type { MembershipProvider } from "../../src/providers/membership-provider";
import type { IdempotencyStore } from "../../src/idempotency/idempotency-store";
import type { SharedRedis } from "../../src/redis/shared-redis";
import {
  definitionOf,
  mapProviders,
  mapProvidersInTurn,
  PROVIDER_KEYS,
  type ProviderKey,
  type SettingsOf,
  type SimulatorOf,
  type SimulatorOptionsOf,
} from "../../src/providers/registry";
import type { UsergridSimulatorOptions } from "../../src/simulators/usergrid/simulator";
import type { BulkJobs } from "../../src/jobs/bulk-jobs";
import { createBulkJobs } from "../../src/jobs/create-bulk-jobs";
import { buildServer } from "../../src/server";
import { Metrics } from "../../src/telemetry/metrics";
import { startMetricsServer } from "../../src/telemetry/metrics-server";
import { demoOf, exampleMutation } from "../../src/banner";

export const REMOVAL_MUTATION = /* GraphQL */ `
  mutation Remove($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {
    removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {
      __typename
      ... on MembershipRemoval {
        provider
        removedAt
        upstreamRequestId
        group { provider id }
        user { provider id username email }
      }
      ... on MembershipError { code message provider retryable upstreamStatus upstreamRequestId }
      ... on InvalidInputError { field }
      ... on UnsupportedUserRefError { supported }
      ... on GroupNotFoundError { groupId }
      ... on MembershipNotFoundError { groupExists }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamUnavailableError { reason unavailableRetryAfter: retryAfterSeconds }
      ... on OutcomeUnknownError { attempts unknownReason: reason }
    }
  }
`;

/** Short upstream bounds keep failing tests quick; the defaults are for real upstreams. */
const TEST_UPSTREAM: UpstreamConfig = { timeoutMs: 500, deadlineMs: 2000, maxAttempts: 3, maxPauseS: 60 };

/** Every provider's bundled simulator, under its registry key (`facade.blueshift`). */
export type Simulators = { [K in ProviderKey]: SimulatorOf<K> };

export interface Facade extends Simulators {
  url: string;
  /** Where Prometheus scrapes this server: `/metrics` on a port of its own, as METRICS_PORT sets it. */
  metricsUrl: string;
  /** Sends the removal mutation and returns the whole HTTP response. */
  remove(provider: string, groupId: string, userRef: Record<string, string>): Promise<request.Response>;
  /** Sends the removal mutation and returns its result object. */
  result(provider: string, groupId: string, userRef: Record<string, string>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface FacadeOptions {
  /** Each simulator's options, under its registry key; its demo data unless given. */
  simulators?: { [K in ProviderKey]?: SimulatorOptionsOf<K> };
  /**
   * Provider variables laid over the simulators' demo environment, as an operator would set them:
   * a wrong credential, or another base URL (a closed port, another facade's simulator).
   */
  environment?: Readonly<Record<string, string>>;
  /** Shorthands for the two bundled providers' tests: BLUESHIFT_API_KEY, BLUESHIFT_BASE_URL, USERGRID_CLIENT_SECRET, USERGRID_APP and simulators.<p>. */
  blueshiftApiKey?: string;
  blueshiftBaseUrl?: string;
  blueshiftSimulator?: BlueshiftSimulatorOptions;
  usergridSimulator?: UsergridSimulatorOptions;
  usergridClientSecret?: string;
  usergridApp?: string;
  upstream?: Partial<UpstreamConfig>;
  tuning?: Partial<ResilienceTuning>;
  /** BULK_CONCURRENCY and BULK_MAX_REFS; their defaults unless given. */
  bulk?: BulkConfig;
  /** "test" unless given; "production" turns introspection and the landing page off by default. */
  nodeEnv?: Config["nodeEnv"];
  /** Overrides the default for nodeEnv, like INTROSPECTION does. */
  introspection?: boolean;
  /** Caller auth as the AUTH_* variables set it; off unless given, as `npm start` runs with simulators only. */
  auth?: CallerAuthConfig;
  /** CORS_ORIGINS; the nodeEnv's default unless given (every origin, none in production). */
  corsOrigins?: Config["corsOrigins"];
  /** The persisted-document manifest to enforce, as TRUSTED_DOCUMENTS_ONLY=true does. */
  trustedDocuments?: ReadonlyMap<string, string>;
  /** Where log lines go, for tests that read them; silent unless given. */
  log?: { level: Config["logLevel"]; destination: DestinationStream };
  /**
   * Builds the bulk-removal job engine from the facade's providers (a Redis engine, say); the
   * server closes it. Jobs in this process unless given, kept for `bulkJobTtlMs`.
   */
  bulkJobs?: BulkJobsFactory;
  /** BULK_JOB_MAX_REFS; its default unless given. */
  bulkJobMaxRefs?: number;
  /** How long a finished job stays readable (passed to a `bulkJobs` factory too); BULK_JOB_TTL_HOURS' default unless given. */
  bulkJobTtlMs?: number;
  /** buildServer's: the shared Redis (Idempotency-Key records there), the test closes it; records in the process unless given. */
  sharedRedis?: SharedRedis;
  /** buildServer's: how long an Idempotency-Key's answer is replayed; IDEMPOTENCY_TTL_HOURS' default unless given. */
  idempotencyTtlMs?: number;
  /** buildServer's: where Idempotency-Key records are kept (a MemoryIdempotencyStore with small bounds); as `sharedRedis` says unless given. */
  idempotencyStore?: IdempotencyStore;
  /** buildServer's: false turns the fast lane off, so Apollo Server answers every request. */
  fastLane?: boolean;
  /** `<PROVIDER>_MAX_RPS` by provider key; no cap unless given. Counted on `sharedRedis` when that is given too. */
  maxRps?: Partial<UpstreamBudgetConfig>;
}

/** What a job engine is built from: the providers, logger and metrics the facade's server uses. */
export interface BulkJobsParts {
  providers: readonly MembershipProvider[];
  logger: Logger;
  metrics: Metrics;
  /** How long a finished job stays readable, when the test sets it (FacadeOptions.bulkJobTtlMs); the engine's default otherwise. */
  ttlMs: number | undefined;
}

export type BulkJobsFactory = (parts: BulkJobsParts) => Promise<BulkJobs>;

export interface SimulatedProviders extends Simulators {
  providers: MembershipProvider[];
  /** Another set of providers in front of the same simulators, with pools and breakers of its own; closed by close(). */
  moreProviders(): MembershipProvider[];
  /** What the providers log to and measure into; the server shares them. */
  logger: Logger;
  metrics: Metrics;
  /** Closes the providers' pools and the simulators. */
  close(): Promise<void>;
}

/** The shorthands of FacadeOptions, as the per-provider options they stand for. */
function expandShorthands(options: FacadeOptions): { simulators: FacadeOptions["simulators"]; environment: Record<string, string> } {
  const shorthands: Record<string, string | undefined> = {
    BLUESHIFT_API_KEY: options.blueshiftApiKey,
    BLUESHIFT_BASE_URL: options.blueshiftBaseUrl,
    USERGRID_CLIENT_SECRET: options.usergridClientSecret,
    USERGRID_APP: options.usergridApp,
  };
  const environment = Object.fromEntries(Object.entries(shorthands).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    simulators: { blueshift: options.blueshiftSimulator, usergrid: options.usergridSimulator, ...options.simulators },
    environment: { ...environment, ...options.environment },
  };
}

function startSimulator<K extends ProviderKey>(key: K, options: FacadeOptions["simulators"]): Promise<SimulatorOf<K>> {
  return definitionOf(key).simulator.start(options?.[key]);
}

/**
 * One provider's target in front of its simulator: its demo environment with the test's variables
 * over it, read through the same settings as a real service's.
 */
function simulatorTarget<K extends ProviderKey>(key: K, simulator: SimulatorOf<K>, environment: Readonly<Record<string, string>>): ProviderTarget<SettingsOf<K>> {
  return { ...providerSettings(key, { ...definitionOf(key).simulator.environment(simulator.url), ...environment }), simulated: true };
}

/** The simulators, and how to build providers in front of them. */
interface Upstreams {
  simulators: Simulators;
  /** A set of providers with pools and breakers of its own. */
  build(): MembershipProvider[];
  logger: Logger;
  metrics: Metrics;
  closeSimulators(): Promise<void>;
}

async function startUpstreams(options: FacadeOptions): Promise<Upstreams> {
  const { simulators: simulatorOptions, environment } = expandShorthands(options);
  const simulators = await mapProvidersInTurn<Simulators>((key) => startSimulator(key, simulatorOptions));
  const logger = options.log ? createServerLogger(options.log.level, options.log.destination) : createServerLogger("silent");
  // Node's process metrics stay off: each server would start an event-loop monitor that is never stopped.
  const metrics = new Metrics({ processMetrics: false });
  const targets = mapProviders<ProviderTargets>((key) => simulatorTarget(key, simulators[key], environment));
  return {
    simulators,
    build: () =>
      createProviders(targets, {
        upstream: { ...TEST_UPSTREAM, ...options.upstream },
        telemetry: { logger, metrics },
        // Short waits keep retrying tests quick; the defaults are for real upstreams.
        tuning: { backoffBaseMs: 10, backoffCapMs: 50, keepAliveTimeoutMs: 500, ...options.tuning },
        bulk: options.bulk,
        fleet: { maxRps: { ...NO_FLEET_BUDGET.maxRps, ...options.maxRps }, sharedRedis: options.sharedRedis },
      }),
    logger,
    metrics,
    closeSimulators: async () => {
      await Promise.all(PROVIDER_KEYS.map((key) => simulators[key].close()));
    },
  };
}

/** Every simulator and the providers in front of them, as `npm start` wires them without credentials. */
export async function startSimulatedProviders(options: FacadeOptions = {}): Promise<SimulatedProviders> {
  const { simulators, build, logger, metrics, closeSimulators } = await startUpstreams(options);
  const sets = [build()];
  return {
    ...simulators,
    providers: sets[0] as MembershipProvider[],
    moreProviders: () => {
      const set = build();
      sets.push(set);
      return set;
    },
    logger,
    metrics,
    close: async () => {
      await Promise.all(sets.flat().map((p) => p.close()));
      await closeSimulators();
    },
  };
}

/** The real server on 127.0.0.1:0 in front of every simulator, as `npm start` wires them. */
export async function startFacade(options: FacadeOptions = {}): Promise<Facade> {
  const { simulators, build, logger, metrics, closeSimulators } = await startUpstreams(options);
  const providers = build();
  const nodeEnv = options.nodeEnv ?? "test";
  const config = {
    // As the providers get it (startSimulatedProviders): shutdown's wait follows its deadline.
    upstream: { ...TEST_UPSTREAM, ...options.upstream },
    nodeEnv,
    introspection: options.introspection ?? nodeEnv !== "production",
    auth: options.auth ?? null,
    corsOrigins: options.corsOrigins ?? (nodeEnv === "production" ? [] : "*"),
    bulkJobs: { maxRefs: options.bulkJobMaxRefs ?? BULK_JOB_DEFAULTS.maxRefs, maxRefsPerCaller: BULK_JOB_DEFAULTS.maxRefsPerCaller, ttlHours: BULK_JOB_DEFAULTS.ttlHours, lockMs: BULK_JOB_DEFAULTS.lockMs },
  };
  const parts: BulkJobsParts = { providers, logger, metrics, ttlMs: options.bulkJobTtlMs };
  const bulkJobs = options.bulkJobs
    ? await options.bulkJobs(parts)
    : await createBulkJobs({ providers, logger, metrics, config: config.bulkJobs, ...(parts.ttlMs === undefined ? {} : { ttlMs: parts.ttlMs }) });
  const server = await buildServer({
    config,
    providers,
    logger,
    metrics,
    trustedDocuments: options.trustedDocuments,
    bulkJobs,
    sharedRedis: options.sharedRedis,
    idempotencyTtlMs: options.idempotencyTtlMs,
    idempotencyStore: options.idempotencyStore,
    fastLane: options.fastLane,
    // As main.ts does when the simulators serve: Sandbox opens with the banner's example.
    sandboxDocument: exampleMutation(demoOf(() => true)!),
  });
  const metricsServer = await startMetricsServer({ registry: metrics.registry, port: 0, host: "127.0.0.1", logger });
  const url = await server.listen(0, "127.0.0.1");
  const remove = (provider: string, groupId: string, userRef: Record<string, string>) =>
    request(url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: REMOVAL_MUTATION, variables: { provider, groupId, userRef } });
  return {
    url,
    metricsUrl: `${metricsServer.url}/metrics`,
    ...simulators,
    remove,
    result: async (provider, groupId, userRef) => {
      const response = await remove(provider, groupId, userRef);
      if (response.body.errors) throw new Error(`unexpected top-level errors: ${JSON.stringify(response.body.errors)}`);
      return response.body.data.removeUserFromGroup as Record<string, unknown>;
    },
    close: async () => {
      await server.close();
      await metricsServer.close();
      await closeSimulators();
    },
  };
}
