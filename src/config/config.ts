import { z } from "zod";
import { Secret } from "./secret";

export const BLUESHIFT_REGION_BASE_URLS = {
  us: "https://api.getblueshift.com",
  eu: "https://api.eu.getblueshift.com",
} as const;
export type BlueshiftRegion = keyof typeof BLUESHIFT_REGION_BASE_URLS;

export type BlueshiftConfig =
  | { mode: "simulator" }
  | { mode: "real"; apiKey: Secret; region: BlueshiftRegion; baseUrl: string };

export type UsergridConfig =
  | { mode: "simulator" }
  | { mode: "real"; baseUrl: string; org: string; app: string; clientId: string; clientSecret: Secret };

export interface UpstreamConfig {
  timeoutMs: number;
  deadlineMs: number;
  maxAttempts: number;
}

export interface Config {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  upstream: UpstreamConfig;
  blueshift: BlueshiftConfig;
  usergrid: UsergridConfig;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Schema introspection and the Sandbox landing page, which needs it. */
  introspection: boolean;
}

/** A bad environment: one line that names the variable and what is wrong with it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const baseUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((v) => !new URL(v).search && !new URL(v).hash, "must not carry a query or fragment")
  // Tolerate a trailing slash: paths are appended to it (CONTRACT §3).
  .transform((v) => v.replace(/\/+$/, ""));

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

const environment = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INTROSPECTION: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  UPSTREAM_TIMEOUT_MS: milliseconds(2000),
  UPSTREAM_DEADLINE_MS: milliseconds(8000),
  UPSTREAM_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  BLUESHIFT_API_KEY: optionalText,
  BLUESHIFT_REGION: z.enum(["us", "eu"], { error: "must be us or eu" }).default("us"),
  BLUESHIFT_BASE_URL: baseUrl.optional(),
  USERGRID_BASE_URL: baseUrl.optional(),
  USERGRID_ORG: optionalText,
  USERGRID_APP: optionalText,
  USERGRID_CLIENT_ID: optionalText,
  USERGRID_CLIENT_SECRET: optionalText,
});

type Environment = z.infer<typeof environment>;

/** Reads the environment once, at start. Throws ConfigError; never echoes a secret's value. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings count as unset, as in most shells' `VAR= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`${variable}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const config: Config = {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    // Apollo Server's own default (off when NODE_ENV=production), made explicit so it can be overridden.
    introspection: e.INTROSPECTION === undefined ? e.NODE_ENV !== "production" : e.INTROSPECTION === "true",
    upstream: { timeoutMs: e.UPSTREAM_TIMEOUT_MS, deadlineMs: e.UPSTREAM_DEADLINE_MS, maxAttempts: e.UPSTREAM_MAX_ATTEMPTS },
    blueshift: blueshiftConfig(e),
    usergrid: usergridConfig(e),
  };
  if (config.upstream.timeoutMs > config.upstream.deadlineMs) {
    throw new ConfigError("UPSTREAM_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS");
  }
  return config;
}

function blueshiftConfig(e: Environment): BlueshiftConfig {
  if (!e.BLUESHIFT_API_KEY) {
    if (e.BLUESHIFT_BASE_URL) {
      throw new ConfigError("BLUESHIFT_BASE_URL: is set but BLUESHIFT_API_KEY is not (without a key the bundled simulator serves)");
    }
    return { mode: "simulator" };
  }
  return {
    mode: "real",
    apiKey: new Secret(e.BLUESHIFT_API_KEY),
    region: e.BLUESHIFT_REGION,
    baseUrl: e.BLUESHIFT_BASE_URL ?? BLUESHIFT_REGION_BASE_URLS[e.BLUESHIFT_REGION],
  };
}

const USERGRID_VARIABLES = ["USERGRID_BASE_URL", "USERGRID_ORG", "USERGRID_APP", "USERGRID_CLIENT_ID", "USERGRID_CLIENT_SECRET"] as const;

function usergridConfig(e: Environment): UsergridConfig {
  const missing = USERGRID_VARIABLES.filter((name) => !e[name]);
  if (missing.length === USERGRID_VARIABLES.length) return { mode: "simulator" };
  if (missing.length > 0) {
    throw new ConfigError(`${missing[0]}: is required once any USERGRID_* variable is set (a real Usergrid needs all five)`);
  }
  return {
    mode: "real",
    baseUrl: e.USERGRID_BASE_URL as string,
    org: e.USERGRID_ORG as string,
    app: e.USERGRID_APP as string,
    clientId: e.USERGRID_CLIENT_ID as string,
    clientSecret: new Secret(e.USERGRID_CLIENT_SECRET as string),
  };
}
