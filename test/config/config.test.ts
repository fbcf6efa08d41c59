import { inspect } from "node:util";
import { ConfigError, loadConfig } from "../../src/config/config";

/** A real provider needs caller auth (docs/contract.md §3); any valid verifier will do for these tests. */
const CALLER_AUTH = { AUTH_JWT_SECRET: "an-hs256-secret-of-at-least-32-chars" };

describe("configuration from the environment", () => {
  it("serves both providers from the simulators when no credentials are set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 4000,
      metricsPort: 9464,
      blueshift: { mode: "simulator" },
      usergrid: { mode: "simulator" },
      upstream: { timeoutMs: 2000, deadlineMs: 8000, maxAttempts: 3 },
      bulk: { concurrency: 8, maxRefs: 1000 },
      bulkJobs: { redisUrl: null, maxRefs: 10_000, ttlHours: 168, lockMs: 30_000 },
      idempotency: { ttlHours: 24 },
      maxRps: { blueshift: null, usergrid: null },
    });
  });

  it("caps each provider's request rate by its own *_MAX_RPS, and keeps idempotent answers for IDEMPOTENCY_TTL_HOURS", () => {
    const config = loadConfig({ BLUESHIFT_MAX_RPS: "20", IDEMPOTENCY_TTL_HOURS: "2" });
    expect(config.maxRps).toEqual({ blueshift: 20, usergrid: null });
    expect(config.idempotency).toEqual({ ttlHours: 2 });
    expect(loadConfig({ USERGRID_MAX_RPS: "5" }).maxRps).toEqual({ blueshift: null, usergrid: 5 });
  });

  it("keeps bulk-removal jobs on the Redis REDIS_URL names, with the job limits given", () => {
    const config = loadConfig({ REDIS_URL: "rediss://:pw@redis.internal:6380/2", BULK_JOB_MAX_REFS: "50000", BULK_JOB_TTL_HOURS: "24", BULK_JOB_LOCK_MS: "5000" });
    expect(config.bulkJobs.redisUrl?.reveal()).toBe("rediss://:pw@redis.internal:6380/2");
    expect(config.bulkJobs).toMatchObject({ maxRefs: 50_000, ttlHours: 24, lockMs: 5000 });
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).bulkJobs.redisUrl?.reveal()).toBe("redis://127.0.0.1:6379");
  });

  it("talks to the real Blueshift region when a key is set, and tolerates a trailing slash on an override", () => {
    expect(loadConfig({ ...CALLER_AUTH, BLUESHIFT_API_KEY: "k", BLUESHIFT_REGION: "eu" }).blueshift).toMatchObject({
      mode: "real",
      baseUrl: "https://api.eu.getblueshift.com",
    });
    expect(loadConfig({ ...CALLER_AUTH, BLUESHIFT_API_KEY: "k", BLUESHIFT_BASE_URL: "http://proxy.local:8080/bsft/" }).blueshift).toMatchObject({
      baseUrl: "http://proxy.local:8080/bsft",
    });
  });

  it("serves /metrics on METRICS_PORT, and lets both ports be any free one (0)", () => {
    expect(loadConfig({ PORT: "8080", METRICS_PORT: "9100" })).toMatchObject({ port: 8080, metricsPort: 9100 });
    expect(loadConfig({ PORT: "0", METRICS_PORT: "0" })).toMatchObject({ port: 0, metricsPort: 0 });
  });

  it.each([
    [{}, true],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", INTROSPECTION: "true" }, true],
    [{ NODE_ENV: "development", INTROSPECTION: "false" }, false],
  ])("turns introspection and the Sandbox page on or off for %j", (env, introspection) => {
    expect(loadConfig(env).introspection).toBe(introspection);
  });

  it.each([
    [{ INTROSPECTION: "yes" }, /^INTROSPECTION: must be true or false$/],
    [{ BLUESHIFT_REGION: "mars" }, /^BLUESHIFT_REGION: must be us or eu$/],
    [{ PORT: "eighty" }, /^PORT: /],
    [{ METRICS_PORT: "65536" }, /^METRICS_PORT: /],
    [{ METRICS_PORT: "4000" }, /^METRICS_PORT: must differ from PORT \(both 4000\)/],
    [{ PORT: "9464" }, /^METRICS_PORT: must differ from PORT \(both 9464\)/],
    [{ BLUESHIFT_API_KEY: "k", BLUESHIFT_BASE_URL: "ftp://x" }, /^BLUESHIFT_BASE_URL: /],
    [{ BLUESHIFT_BASE_URL: "http://x" }, /^BLUESHIFT_BASE_URL: is set but BLUESHIFT_API_KEY is not/],
    [{ USERGRID_ORG: "o" }, /^USERGRID_BASE_URL: is required/],
    [{ UPSTREAM_TIMEOUT_MS: "9000" }, /^UPSTREAM_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS$/],
    [{ BULK_CONCURRENCY: "0" }, /^BULK_CONCURRENCY: /],
    [{ BULK_MAX_REFS: "many" }, /^BULK_MAX_REFS: /],
    [{ REDIS_URL: "http://redis.internal:6379" }, /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL with a host$/],
    [{ REDIS_URL: "redis.internal:6379" }, /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ BULK_JOB_MAX_REFS: "0" }, /^BULK_JOB_MAX_REFS: /],
    [{ BULK_JOB_TTL_HOURS: "a week" }, /^BULK_JOB_TTL_HOURS: /],
    [{ BLUESHIFT_MAX_RPS: "0" }, /^BLUESHIFT_MAX_RPS: /],
    [{ USERGRID_MAX_RPS: "fast" }, /^USERGRID_MAX_RPS: /],
    [{ IDEMPOTENCY_TTL_HOURS: "0" }, /^IDEMPOTENCY_TTL_HOURS: /],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("never prints a credential, however the config is printed", () => {
    const config = loadConfig({
      BLUESHIFT_API_KEY: "super-secret-key",
      AUTH_JWT_SECRET: "super-secret-hs256-key-of-32-chars",
      REDIS_URL: "redis://:super-secret-redis-password@redis.internal:6379",
    });
    for (const secret of ["super-secret-key", "super-secret-hs256-key-of-32-chars", "super-secret-redis-password"]) {
      expect(JSON.stringify(config)).not.toContain(secret);
      expect(inspect(config, { depth: 10 })).not.toContain(secret);
    }
    expect(`${config.blueshift.mode === "real" ? config.blueshift.apiKey : ""}`).not.toContain("super-secret-key");
  });

  it("never echoes a refused REDIS_URL, which may carry a password", () => {
    expect(() => loadConfig({ REDIS_URL: "http://:super-secret-redis-password@redis.internal" })).toThrow(/^REDIS_URL: (?!.*super-secret)/);
  });
});

describe("caller auth, browsers and trusted documents in the configuration", () => {
  it("turns caller auth off by default only when every provider is simulated and no verifier is set", () => {
    expect(loadConfig({}).auth).toBeNull();
    expect(loadConfig(CALLER_AUTH).auth).toMatchObject({ keys: { kind: "secret" }, requiredScope: "memberships:write" });
    expect(loadConfig({ AUTH_JWKS_URL: "https://issuer.example/jwks.json", AUTH_AUDIENCE: "facade", AUTH_REQUIRED_SCOPE: "groups:admin" }).auth).toMatchObject({
      keys: { kind: "jwks", url: "https://issuer.example/jwks.json" },
      audience: "facade",
      requiredScope: "groups:admin",
    });
  });

  it("runs a real provider without caller auth only when both AUTH_DISABLED and ALLOW_INSECURE say so", () => {
    expect(loadConfig({ BLUESHIFT_API_KEY: "k", AUTH_DISABLED: "true", ALLOW_INSECURE: "true" }).auth).toBeNull();
  });

  it("answers every origin in development and none in production unless CORS_ORIGINS lists them", () => {
    expect(loadConfig({}).corsOrigins).toBe("*");
    expect(loadConfig({ NODE_ENV: "production" }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: "production", CORS_ORIGINS: "https://app.example, http://localhost:3000/" }).corsOrigins).toEqual([
      "https://app.example",
      "http://localhost:3000",
    ]);
  });

  it.each([
    [{ BLUESHIFT_API_KEY: "k" }, /^AUTH_JWKS_URL: caller auth is required while BLUESHIFT_API_KEY is set/],
    [{ BLUESHIFT_API_KEY: "k", AUTH_DISABLED: "true" }, /^AUTH_DISABLED: refused while BLUESHIFT_API_KEY is set .*ALLOW_INSECURE=true/],
    [{ AUTH_DISABLED: "false" }, /^AUTH_DISABLED: is false but neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is set$/],
    [{ AUTH_JWT_SECRET: "short" }, /^AUTH_JWT_SECRET: must be at least 32 characters/],
    [{ ...CALLER_AUTH, AUTH_JWKS_URL: "https://issuer.example/jwks.json" }, /^AUTH_JWT_SECRET: set AUTH_JWKS_URL or AUTH_JWT_SECRET, not both$/],
    [{ NODE_ENV: "production", AUTH_JWKS_URL: "http://issuer.example/jwks.json" }, /^AUTH_JWKS_URL: must be https in production/],
    [{ AUTH_REQUIRED_SCOPE: "memberships write" }, /^AUTH_REQUIRED_SCOPE: must be one OAuth scope/],
    [{ CORS_ORIGINS: "https://app.example/path" }, /^CORS_ORIGINS: "https:\/\/app.example\/path" is not an origin/],
    [{ TRUSTED_DOCUMENTS_ONLY: "yes" }, /^TRUSTED_DOCUMENTS_ONLY: must be true or false$/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
