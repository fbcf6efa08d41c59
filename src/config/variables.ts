import { z } from "zod";
import { PROVIDER_KEYS, PROVIDER_SETTINGS as PROVIDERS, type ProviderKey } from "../providers/settings-registry";
import { hs256Secret, optionalText } from "./environment-fields";
import { DEFAULT_HOST, DEFAULT_PORT } from "./listen-address";
import { OPENTELEMETRY_VARIABLES } from "./opentelemetry-variables";
import { MAX_JOB_REFS_PER_PROCESS, UPSTREAM_MAX_CONCURRENT } from "./tunables";

/** One environment variable of this server: its schema holds its shape, its bounds and its default. */
export interface Variable<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /** What it sets, in one line (README, "Configuration", says it for operators). */
  readonly meaning: string;
}

function variable<S extends z.ZodType>(schema: S, meaning: string): Variable<S> {
  return { schema, meaning };
}

const integer = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const port = (fallback: number) => integer(0, 65535, fallback);
const milliseconds = (fallback: number) => integer(1, 600_000, fallback);
const flag = z.enum(["true", "false"], { error: "must be true or false" }).optional();
/** The longest time-to-live in hours: a leap year. */
const HOURS_IN_A_YEAR = 24 * 366;

/**
 * docs/contract.md §3, REDIS_KEY_PREFIX: what every key this server writes to Redis begins with. It
 * ends with ':', which BullMQ and the jobs' keys put after their prefix too (jobsKeyPrefix), and it
 * has none of a SCAN pattern's wildcards (* ? [ ] \), so `SCAN MATCH <prefix>*` finds exactly its keys.
 */
const redisKeyPrefix = z
  .string()
  .regex(/^[\x21-\x29\x2b-\x3e\x40-\x5a\x5e-\x7e]{1,99}:$/, "must be 2-100 visible ASCII characters ending in ':', without * ? [ ] or \\")
  .default("membership-facade:");

/**
 * Every variable this server reads itself, with its default, bounds and meaning: the one table the
 * environment is checked against at start (config.ts), beside each provider's own variables
 * (src/providers/<provider>/settings.ts) and OpenTelemetry's (opentelemetry-variables.ts).
 */
export const SERVER_VARIABLES = {
  NODE_ENV: variable(z.enum(["development", "production", "test"]).default("development"), "production turns off stack traces, introspection and Sandbox, and simulators unless SIMULATORS=true"),
  HOST: variable(z.string().trim().min(1).default(DEFAULT_HOST), "the address the GraphQL and /metrics listeners bind"),
  PORT: variable(port(DEFAULT_PORT), "the GraphQL port"),
  // docs/contract.md §3: the port OpenTelemetry's Prometheus exporter listens on by default, so scrape configs often expect it.
  METRICS_PORT: variable(port(9464), "where /metrics is served, by a listener of its own"),
  LOG_LEVEL: variable(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"), "pino's level"),
  INTROSPECTION: variable(flag, "schema introspection and the Sandbox page; on unless NODE_ENV=production"),
  UPSTREAM_TIMEOUT_MS: variable(milliseconds(2000), "one upstream attempt, connect to last byte"),
  UPSTREAM_DEADLINE_MS: variable(milliseconds(8000), "every upstream call of one removal together"),
  UPSTREAM_MAX_ATTEMPTS: variable(integer(1, 10, 3), "attempts per upstream call"),
  // docs/contract.md §7: one answer cannot stop the service for long. A day is the most a Retry-After is read as.
  UPSTREAM_MAX_PAUSE_S: variable(integer(0, 86_400, 60), "the longest one Retry-After holds a provider's calls"),
  // At most the bulkhead's concurrent requests per provider, so bulk items never queue there.
  BULK_CONCURRENCY: variable(integer(1, UPSTREAM_MAX_CONCURRENT, 8), "bulk items and job units in progress at once per provider"),
  BULK_MAX_REFS: variable(integer(1, 10_000, 1000), "refs one request may carry"),
  // The error never echoes the value: a Redis URL may carry a password.
  REDIS_URL: variable(
    z
      .string()
      .trim()
      .refine((v) => URL.canParse(v) && ["redis:", "rediss:"].includes(new URL(v).protocol) && new URL(v).hostname !== "", "must be a redis:// or rediss:// URL with a host")
      .optional(),
    "the Redis every instance shares: jobs, idempotency records, the upstream budget and pauses",
  ),
  REDIS_KEY_PREFIX: variable(redisKeyPrefix, "what every key this server writes to Redis begins with"),
  // A job's refs are held in memory (or Redis) with their answers until its TTL ends.
  BULK_JOB_MAX_REFS: variable(integer(1, 100_000, 10_000), "refs one bulk-removal job may hold"),
  // At most the refs a process holds for all callers together (src/jobs/held-refs.ts).
  BULK_JOB_MAX_REFS_PER_CALLER: variable(integer(1, MAX_JOB_REFS_PER_PROCESS, 100_000), "in process: refs one caller's unfinished and kept jobs may hold"),
  BULK_JOB_TTL_HOURS: variable(integer(1, HOURS_IN_A_YEAR, 168), "how long a finished job and its results stay readable"),
  BULK_JOB_LOCK_MS: variable(integer(1000, 600_000, 30_000), "on Redis: how long a worker's hold on a unit lasts unrenewed"),
  IDEMPOTENCY_TTL_HOURS: variable(integer(1, HOURS_IN_A_YEAR, 24), "how long an Idempotency-Key's answer is replayed"),
  AUTH_JWKS_URL: variable(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(), "the key set that signs callers' JWTs"),
  AUTH_JWT_SECRET: variable(hs256Secret.optional(), "or: a shared HS256 secret"),
  AUTH_ISSUER: variable(optionalText, "the iss a caller's token must carry"),
  AUTH_AUDIENCE: variable(optionalText, "the aud a caller's token must carry"),
  // One scope-token as RFC 6749 §3.3 defines it: printable ASCII without space, " or \.
  AUTH_REQUIRED_SCOPE: variable(
    z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be one OAuth scope (no spaces)").default("memberships:write"),
    "the scope a caller needs for any mutation",
  ),
  AUTH_DISABLED: variable(flag, "true: no caller auth"),
  ALLOW_INSECURE: variable(flag, "true: accept AUTH_DISABLED with a real provider, and plain http upstreams in production"),
  // docs/contract.md §3: whether a provider without credentials may be served by its bundled simulator.
  SIMULATORS: variable(flag, "whether a provider without credentials is served by its simulator"),
  CORS_ORIGINS: variable(z.string().optional(), "origins a browser may call from"),
  TRUSTED_DOCUMENTS_ONLY: variable(flag, "true: only the persisted-document manifest's operations run"),
};

type Shape<T extends Readonly<Record<string, Variable>>> = { [K in keyof T]: T[K]["schema"] };

/** The zod shape of a table of variables, each under its name. */
export function shapeOf<T extends Readonly<Record<string, Variable>>>(table: T): Shape<T> {
  return Object.fromEntries(Object.entries(table).map(([name, entry]) => [name, entry.schema])) as Shape<T>;
}

/** `<PROVIDER>_MAX_RPS`, the one variable every provider has alike. */
export function maxRpsVariable(key: ProviderKey): string {
  return `${key.toUpperCase()}_MAX_RPS`;
}

export const maxRpsValue = z.coerce.number().int().min(1).max(100_000).optional();

/** Each provider's request rate, across every instance sharing REDIS_URL; unset: no cap. */
export function maxRpsVariables(): Record<string, Variable> {
  return Object.fromEntries(PROVIDER_KEYS.map((key) => [maxRpsVariable(key), variable(maxRpsValue, `requests a second to ${PROVIDERS[key].name}, across instances`)]));
}

/** Every provider's own variables, in the registry's order, as its definition declares them. */
export function providerVariables(): Record<string, Variable> {
  return Object.fromEntries(
    PROVIDER_KEYS.flatMap((key) => Object.entries(PROVIDERS[key].environment).map(([name, schema]) => [name, variable(schema, `${PROVIDERS[key].name}'s own (src/providers/${key}/settings.ts)`)])),
  );
}

/**
 * The name of every environment variable the server documents: its own, each provider's, and the
 * OpenTelemetry variables its SDK reads. The README's configuration table names exactly these
 * (test/config/readme-configuration.test.ts).
 */
export function configurationVariables(): string[] {
  return [...Object.keys(SERVER_VARIABLES), ...Object.keys(maxRpsVariables()), ...Object.keys(providerVariables()), ...Object.keys(OPENTELEMETRY_VARIABLES)];
}
