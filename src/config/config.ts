import { z } from "zod";
import type { ProviderConfig } from "../providers/provider-definition";
import { definitionOf, mapProviders, PROVIDER_KEYS, PROVIDERS, type ProviderConfigs, type ProviderKey, type SettingsOf } from "../providers/registry";
import { ConfigError } from "./config-error";
import { hs256Secret, optionalText } from "./environment-fields";
import { refuseUnsafeProductionSettings } from "./production-safety";
import { Secret } from "./secret";
import { refuseUnallowedSimulators, simulatorsAllowed } from "./simulator-policy";

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

export const BULK_DEFAULTS: BulkConfig = { concurrency: 8, maxRefs: 1000 };

/** Bulk-removal jobs (startBulkRemoval, docs/contract.md §8) and where they live (§3). */
export interface BulkJobsConfig {
  /**
   * REDIS_URL: jobs on BullMQ in this Redis, shared by every instance on it and surviving
   * restarts; null runs them in this process. A Secret: the URL may carry a password.
   */
  redisUrl: Secret | null;
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

export const BULK_JOB_DEFAULTS: Omit<BulkJobsConfig, "redisUrl"> = { maxRefs: 10_000, maxRefsPerCaller: 100_000, ttlHours: 168, lockMs: 30_000 };

/** Idempotent retries from clients (docs/contract.md §9): how long an answer is replayed for its key. */
export interface IdempotencyConfig {
  /** IDEMPOTENCY_TTL_HOURS. */
  ttlHours: number;
}

export const IDEMPOTENCY_DEFAULTS: IdempotencyConfig = { ttlHours: 24 };

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

const flag = z.enum(["true", "false"], { error: "must be true or false" }).optional();

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

/** Every provider's variables in one shape, so the whole environment is checked in one pass. */
function providerVariables(): z.ZodRawShape {
  return Object.assign({}, ...PROVIDER_KEYS.map((key) => PROVIDERS[key].environment));
}

/** `<PROVIDER>_MAX_RPS`, the one variable every provider has alike. */
function maxRpsVariable(key: ProviderKey): string {
  return `${key.toUpperCase()}_MAX_RPS`;
}

const maxRpsValue = z.coerce.number().int().min(1).max(100_000).optional();

function maxRpsVariables(): z.ZodRawShape {
  return Object.fromEntries(PROVIDER_KEYS.map((key) => [maxRpsVariable(key), maxRpsValue]));
}

const environment = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  // docs/contract.md §3: the port OpenTelemetry's Prometheus exporter listens on by default, so scrape configs often expect it.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INTROSPECTION: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  UPSTREAM_TIMEOUT_MS: milliseconds(2000),
  UPSTREAM_DEADLINE_MS: milliseconds(8000),
  UPSTREAM_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  // docs/contract.md §7: one answer cannot stop the service for long. A day is the most a Retry-After is read as.
  UPSTREAM_MAX_PAUSE_S: z.coerce.number().int().min(0).max(86_400).default(60),
  // At most the bulkhead's 256 concurrent requests per provider, so bulk items never queue there.
  BULK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(BULK_DEFAULTS.concurrency),
  BULK_MAX_REFS: z.coerce.number().int().min(1).max(10_000).default(BULK_DEFAULTS.maxRefs),
  // The error never echoes the value: a Redis URL may carry a password.
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && ["redis:", "rediss:"].includes(new URL(v).protocol) && new URL(v).hostname !== "", "must be a redis:// or rediss:// URL with a host")
    .optional(),
  // A job's refs are held in memory (or Redis) with their answers until its TTL ends.
  BULK_JOB_MAX_REFS: z.coerce.number().int().min(1).max(100_000).default(BULK_JOB_DEFAULTS.maxRefs),
  // At most the million refs a process holds for all callers together (src/jobs/held-refs.ts).
  BULK_JOB_MAX_REFS_PER_CALLER: z.coerce.number().int().min(1).max(1_000_000).default(BULK_JOB_DEFAULTS.maxRefsPerCaller),
  BULK_JOB_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(BULK_JOB_DEFAULTS.ttlHours),
  BULK_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(BULK_JOB_DEFAULTS.lockMs),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 366).default(IDEMPOTENCY_DEFAULTS.ttlHours),
  ...maxRpsVariables(),
  // Each provider's own variables, in the registry's order (src/providers/<p>/definition.ts).
  ...providerVariables(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  AUTH_JWT_SECRET: hs256Secret.optional(),
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: optionalText,
  // One scope-token as RFC 6749 §3.3 defines it: printable ASCII without space, " or \.
  AUTH_REQUIRED_SCOPE: z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be one OAuth scope (no spaces)").default("memberships:write"),
  AUTH_DISABLED: flag,
  ALLOW_INSECURE: flag,
  // docs/contract.md §3: whether a provider without credentials may be served by its bundled simulator.
  SIMULATORS: flag,
  CORS_ORIGINS: z.string().optional(),
  TRUSTED_DOCUMENTS_ONLY: flag,
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
    bulkJobs: {
      redisUrl: e.REDIS_URL === undefined ? null : new Secret(e.REDIS_URL),
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

/** jose's own default: at most one fetch of the key set per 30 s, however many unknown `kid`s arrive. */
const JWKS_COOLDOWN_MS = 30_000;

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
