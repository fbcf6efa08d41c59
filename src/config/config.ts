import { z } from "zod";
import type { ProviderConfig } from "../providers/provider-settings";
import { settingsDefinitionOf as definitionOf, mapProviders, PROVIDER_KEYS, PROVIDER_SETTINGS as PROVIDERS, type ProviderConfigs, type ProviderKey, type SettingsOf } from "../providers/settings-registry";
import { ConfigError } from "./config-error";
import { refuseUnsafeProductionSettings } from "./production-safety";
import { Secret } from "./secret";
import { refuseUnallowedSimulators, simulatorsAllowed } from "./simulator-policy";
import { JWKS_COOLDOWN_MS } from "./tunables";
import { maxRpsValue, maxRpsVariable, maxRpsVariables, providerVariables, SERVER_VARIABLES, shapeOf } from "./variables";

export { ConfigError } from "./config-error";

export interface UpstreamConfig {
  timeoutMs: number;
  deadlineMs: number;
  maxAttempts: number;
  /**
   * UPSTREAM_MAX_PAUSE_S: the longest one Retry-After holds this server's calls to a provider,
   * whatever it asked for (docs/contract.md §7).
   */
  maxPauseS: number;
}

/** How callers of this server prove who they are: a bearer JWT (docs/contract.md §1, §3). */
export interface CallerAuthConfig {
  keys:
    | { kind: "jwks"; url: string; /** jose's wait between two fetches of the key set, so unknown `kid`s cannot make it hammer the issuer. */ cooldownMs: number }
    | { kind: "secret"; secret: Secret };
  issuer: string | undefined;
  audience: string | undefined;
  /** What a caller needs in `scope` or `scp` to remove memberships. */
  requiredScope: string;
}

/** How bulk removals (removeUsersFromGroup) are admitted, per provider. */
export interface BulkConfig {
  /** Bulk items in progress at once per provider, shared by every bulk call to it (BULK_CONCURRENCY). */
  concurrency: number;
  /** Refs one call may carry (BULK_MAX_REFS). */
  maxRefs: number;
}

/** The variables' defaults, as the table declares them (variables.ts). */
const DEFAULTS = z.object(shapeOf(SERVER_VARIABLES)).parse({});

export const BULK_DEFAULTS: BulkConfig = { concurrency: DEFAULTS.BULK_CONCURRENCY, maxRefs: DEFAULTS.BULK_MAX_REFS };

/** The Redis every instance shares (docs/contract.md §3, §8-§10): bulk-removal jobs, idempotency records, the upstream budget and its pauses. */
export interface RedisConfig {
  /**
   * REDIS_URL; null keeps all of it in this process, not durable and not shared. A Secret: the
   * URL may carry a password.
   */
  url: Secret | null;
  /** REDIS_KEY_PREFIX: what every key this server writes there begins with, BullMQ's included; it ends with ':'. */
  keyPrefix: string;
}

/**
 * The prefix BullMQ and the jobs' own keys are given: each puts its own ':' after it, so it is
 * REDIS_KEY_PREFIX without its last ':' ("membership-facade" by default).
 */
export function jobsKeyPrefix(redis: Pick<RedisConfig, "keyPrefix">): string {
  return redis.keyPrefix.slice(0, -1);
}

/** Bulk-removal jobs (startBulkRemoval, docs/contract.md §8); on Redis when `RedisConfig.url` is set. */
export interface BulkJobsConfig {
  /** Refs one job may hold (BULK_JOB_MAX_REFS). */
  maxRefs: number;
  /**
   * In this process (no REDIS_URL), the refs one caller's unfinished and retained jobs may hold
   * together (BULK_JOB_MAX_REFS_PER_CALLER, docs/contract.md §8): a finished job is kept for
   * BULK_JOB_TTL_HOURS, so without it one caller's jobs could fill the process's memory.
   */
  maxRefsPerCaller: number;
  /** How long a finished job and its results stay readable, in hours (BULK_JOB_TTL_HOURS). */
  ttlHours: number;
  /**
   * On Redis, how long a worker's hold on a unit lasts without renewal (BULK_JOB_LOCK_MS): a unit
   * whose worker died is taken up again, as interrupted, within about twice this.
   */
  lockMs: number;
}

export const BULK_JOB_DEFAULTS: BulkJobsConfig = {
  maxRefs: DEFAULTS.BULK_JOB_MAX_REFS,
  maxRefsPerCaller: DEFAULTS.BULK_JOB_MAX_REFS_PER_CALLER,
  ttlHours: DEFAULTS.BULK_JOB_TTL_HOURS,
  lockMs: DEFAULTS.BULK_JOB_LOCK_MS,
};

/** Idempotent retries from clients (docs/contract.md §9): how long an answer is replayed for its key. */
export interface IdempotencyConfig {
  /** IDEMPOTENCY_TTL_HOURS. */
  ttlHours: number;
}

export const IDEMPOTENCY_DEFAULTS: IdempotencyConfig = { ttlHours: DEFAULTS.IDEMPOTENCY_TTL_HOURS };

/**
 * One upstream budget (docs/contract.md §10): requests a second to each provider, across every
 * instance sharing REDIS_URL (or this process without it); null: no rate cap beyond concurrency.
 */
export type UpstreamBudgetConfig = { readonly [K in ProviderKey]: number | null };

/** Each provider's part sits under its registry key (`config.blueshift`), as src/providers/registry.ts lists them. */
export interface Config extends ProviderConfigs {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  /** Where /metrics is served (same host), by a listener of its own: never on the GraphQL port. */
  metricsPort: number;
  upstream: UpstreamConfig;
  bulk: BulkConfig;
  redis: RedisConfig;
  bulkJobs: BulkJobsConfig;
  idempotency: IdempotencyConfig;
  /** `<PROVIDER>_MAX_RPS`, per provider (BLUESHIFT_MAX_RPS, USERGRID_MAX_RPS). */
  maxRps: UpstreamBudgetConfig;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Schema introspection and the Sandbox landing page, which needs it. */
  introspection: boolean;
  /** null: caller auth is off (AUTH_DISABLED), allowed only with simulators or ALLOW_INSECURE=true. */
  auth: CallerAuthConfig | null;
  /** Origins a browser may call from; "*" for any. */
  corsOrigins: "*" | readonly string[];
  /** Only the operations of the persisted-document manifest run. */
  trustedDocumentsOnly: boolean;
}

/**
 * The whole environment in one shape, checked in one pass: the server's own variables, then each
 * provider's rate and its own variables, in the registry's order.
 */
const environment = z.object({
  ...shapeOf(SERVER_VARIABLES),
  ...shapeOf(maxRpsVariables()),
  ...shapeOf(providerVariables()),
});

type Environment = z.infer<typeof environment>;

/** Reads the environment once, at start. Throws ConfigError; never echoes a secret's value. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings count as unset, as in most shells' `VAR= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = environment.safeParse(present);
  if (!parsed.success) throw configErrorOf(parsed.error);
  const e = parsed.data;
  const providers = providerConfigs(e);
  // What the operator set wrongly first, then what is missing (docs/contract.md §3).
  if (e.NODE_ENV === "production") {
    refuseUnsafeProductionSettings({ providers, allowInsecure: e.ALLOW_INSECURE === "true", jwksUrl: e.AUTH_JWKS_URL, issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE });
  }
  refuseUnallowedSimulators(providers, simulatorsAllowed(e.NODE_ENV, e.SIMULATORS));
  const config: Config = {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    // Apollo Server's own default (off when NODE_ENV=production), made explicit so it can be overridden.
    introspection: e.INTROSPECTION === undefined ? e.NODE_ENV !== "production" : e.INTROSPECTION === "true",
    upstream: { timeoutMs: e.UPSTREAM_TIMEOUT_MS, deadlineMs: e.UPSTREAM_DEADLINE_MS, maxAttempts: e.UPSTREAM_MAX_ATTEMPTS, maxPauseS: e.UPSTREAM_MAX_PAUSE_S },
    bulk: { concurrency: e.BULK_CONCURRENCY, maxRefs: e.BULK_MAX_REFS },
    redis: { url: e.REDIS_URL === undefined ? null : new Secret(e.REDIS_URL), keyPrefix: e.REDIS_KEY_PREFIX },
    bulkJobs: {
      maxRefs: e.BULK_JOB_MAX_REFS,
      maxRefsPerCaller: e.BULK_JOB_MAX_REFS_PER_CALLER,
      ttlHours: e.BULK_JOB_TTL_HOURS,
      lockMs: e.BULK_JOB_LOCK_MS,
    },
    idempotency: { ttlHours: e.IDEMPOTENCY_TTL_HOURS },
    // Checked already with the rest; read back by name, as the names come from the registry.
    maxRps: mapProviders<UpstreamBudgetConfig>((key) => maxRpsValue.parse((e as Readonly<Record<string, unknown>>)[maxRpsVariable(key)]) ?? null),
    ...providers,
    auth: callerAuth(
      e,
      PROVIDER_KEYS.filter((key) => providers[key].mode === "real").map((key) => PROVIDERS[key].credentialVariable),
    ),
    corsOrigins: corsOrigins(e),
    trustedDocumentsOnly: e.TRUSTED_DOCUMENTS_ONLY === "true",
  };
  // 0 asks the system for any free port, so two zeros never clash.
  if (config.metricsPort === config.port && config.port !== 0) {
    throw new ConfigError(`METRICS_PORT: must differ from PORT (both ${config.port}): /metrics has a listener of its own, off the GraphQL port`);
  }
  if (config.upstream.timeoutMs > config.upstream.deadlineMs) {
    throw new ConfigError("UPSTREAM_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS");
  }
  // Below it, a job of as many refs as BULK_JOB_MAX_REFS allows could never start.
  if (config.bulkJobs.maxRefsPerCaller < config.bulkJobs.maxRefs) {
    throw new ConfigError("BULK_JOB_MAX_REFS_PER_CALLER: must not be below BULK_JOB_MAX_REFS");
  }
  return config;
}

/** The first problem, as one line that names the variable. */
function configErrorOf(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const variable = String(issue?.path[0] ?? "environment");
  return new ConfigError(`${variable}: ${issue?.message ?? "invalid"}`);
}

/**
 * docs/contract.md §3: caller auth is off by default only when nothing real can be touched. With a real
 * provider it is required, unless the operator says both AUTH_DISABLED=true and ALLOW_INSECURE=true.
 */
function callerAuth(e: Environment, realProviderVariables: readonly string[]): CallerAuthConfig | null {
  if (e.AUTH_JWKS_URL && e.AUTH_JWT_SECRET) throw new ConfigError("AUTH_JWT_SECRET: set AUTH_JWKS_URL or AUTH_JWT_SECRET, not both");
  const keys: CallerAuthConfig["keys"] | undefined = e.AUTH_JWKS_URL
    ? { kind: "jwks", url: e.AUTH_JWKS_URL, cooldownMs: JWKS_COOLDOWN_MS }
    : e.AUTH_JWT_SECRET
      ? { kind: "secret", secret: new Secret(e.AUTH_JWT_SECRET) }
      : undefined;
  const real = realProviderVariables[0];
  const disabled = e.AUTH_DISABLED === undefined ? keys === undefined && real === undefined : e.AUTH_DISABLED === "true";
  if (disabled) {
    if (real !== undefined && e.ALLOW_INSECURE !== "true") {
      throw new ConfigError(`AUTH_DISABLED: refused while ${real} is set (a real provider): anyone could remove memberships; add ALLOW_INSECURE=true to accept that`);
    }
    return null;
  }
  if (keys === undefined) {
    throw new ConfigError(
      real === undefined
        ? "AUTH_DISABLED: is false but neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is set"
        : `AUTH_JWKS_URL: caller auth is required while ${real} is set (a real provider): set AUTH_JWKS_URL or AUTH_JWT_SECRET (or AUTH_DISABLED=true with ALLOW_INSECURE=true)`,
    );
  }
  return { keys, issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, requiredScope: e.AUTH_REQUIRED_SCOPE };
}

/** Development answers every origin; production none unless listed (docs/contract.md §3). */
function corsOrigins(e: Environment): Config["corsOrigins"] {
  if (e.CORS_ORIGINS === undefined) return e.NODE_ENV === "production" ? [] : "*";
  const listed = e.CORS_ORIGINS.split(",").map((v) => v.trim().replace(/\/+$/, "")).filter((v) => v !== "");
  if (listed.length === 1 && listed[0] === "*") return "*";
  for (const origin of listed) {
    // An origin is scheme://host[:port], exactly what a browser sends in the Origin header.
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], or * alone)`);
  }
  return listed;
}

/** Each provider's part of the config, from its own variables (its definition's settingsFrom). */
function providerConfigs(e: Environment): ProviderConfigs {
  return mapProviders<ProviderConfigs>((key) => providerConfig(key, e));
}

function providerConfig<K extends ProviderKey>(key: K, e: Environment): ProviderConfig<SettingsOf<K>> {
  const settings = definitionOf(key).settingsFrom(e);
  return settings === null ? { mode: "simulator" } : { mode: "real", ...settings };
}

/**
 * One provider's settings from variables given here rather than read from the process: the
 * simulator's demo environment (its definition's simulator.environment), so `npm start` and the
 * tests reach a simulator through the same settings as a real service. Throws ConfigError.
 */
export function providerSettings<K extends ProviderKey>(key: K, variables: Readonly<Record<string, string>>): SettingsOf<K> {
  const definition = definitionOf(key);
  const parsed = z.object(definition.environment).safeParse(variables);
  if (!parsed.success) throw configErrorOf(parsed.error);
  const settings = definition.settingsFrom(parsed.data);
  if (settings === null) throw new ConfigError(`${definition.credentialVariable}: is required to reach ${definition.name}`);
  return settings;
}
