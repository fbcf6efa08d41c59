import { inspect } from "node:util";
import { ConfigError, jobsKeyPrefix, loadConfig } from "../../src/config/config";

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
      upstream: { timeoutMs: 2000, deadlineMs: 8000, maxAttempts: 3, maxPauseS: 60 },
      bulk: { concurrency: 8, maxRefs: 1000 },
      redis: { url: null, keyPrefix: "membership-facade:" },
      bulkJobs: { maxRefs: 10_000, ttlHours: 168, lockMs: 30_000 },
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

  it("holds a provider's calls for one Retry-After no longer than UPSTREAM_MAX_PAUSE_S, a minute unless set", () => {
    expect(loadConfig({}).upstream.maxPauseS).toBe(60);
    expect(loadConfig({ UPSTREAM_MAX_PAUSE_S: "5" }).upstream.maxPauseS).toBe(5);
    expect(loadConfig({ UPSTREAM_MAX_PAUSE_S: "0" }).upstream.maxPauseS).toBe(0);
  });

  it("keeps bulk-removal jobs on the Redis REDIS_URL names, with the job limits given", () => {
    const config = loadConfig({ REDIS_URL: "rediss://:pw@redis.internal:6380/2", BULK_JOB_MAX_REFS: "50000", BULK_JOB_TTL_HOURS: "24", BULK_JOB_LOCK_MS: "5000" });
    expect(config.redis.url?.reveal()).toBe("rediss://:pw@redis.internal:6380/2");
    expect(config.bulkJobs).toMatchObject({ maxRefs: 50_000, ttlHours: 24, lockMs: 5000 });
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).redis.url?.reveal()).toBe("redis://127.0.0.1:6379");
  });

  it("puts every Redis key under REDIS_KEY_PREFIX, membership-facade: unless set, and gives BullMQ the prefix without its last ':'", () => {
    expect(loadConfig({}).redis.keyPrefix).toBe("membership-facade:");
    const config = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: "{tenant-a}:facade:" });
    expect(config.redis.keyPrefix).toBe("{tenant-a}:facade:");
    expect(jobsKeyPrefix(config.redis)).toBe("{tenant-a}:facade");
    expect(jobsKeyPrefix(loadConfig({}).redis)).toBe("membership-facade");
  });

  it.each(["tenant-a", ":", "tenant a:", "tenant-*:", "tenant?:", "tenant[a]:", "tenant\\a:", `${"x".repeat(100)}:`])(
    "refuses REDIS_KEY_PREFIX=%j, which would not end in ':' or would make a SCAN for the prefix match other keys",
    (prefix) => {
      expect(() => loadConfig({ REDIS_KEY_PREFIX: prefix })).toThrow(/^REDIS_KEY_PREFIX: must be 2-100 visible ASCII characters ending in ':'/);
    },
  );

  it("bounds the refs one caller's jobs hold in this process by BULK_JOB_MAX_REFS_PER_CALLER, 100,000 unless set, never below BULK_JOB_MAX_REFS", () => {
    expect(loadConfig({}).bulkJobs.maxRefsPerCaller).toBe(100_000);
    expect(loadConfig({ BULK_JOB_MAX_REFS_PER_CALLER: "20000" }).bulkJobs.maxRefsPerCaller).toBe(20_000);
    expect(() => loadConfig({ BULK_JOB_MAX_REFS_PER_CALLER: "0" })).toThrow(/^BULK_JOB_MAX_REFS_PER_CALLER: /);
    // More than the million refs a process holds for every caller together could never be held.
    expect(() => loadConfig({ BULK_JOB_MAX_REFS_PER_CALLER: "1000001" })).toThrow(/^BULK_JOB_MAX_REFS_PER_CALLER: /);
    expect(() => loadConfig({ BULK_JOB_MAX_REFS_PER_CALLER: "5000" })).toThrow(/^BULK_JOB_MAX_REFS_PER_CALLER: must not be below BULK_JOB_MAX_REFS$/);
    expect(loadConfig({ BULK_JOB_MAX_REFS_PER_CALLER: "5000", BULK_JOB_MAX_REFS: "5000" }).bulkJobs).toMatchObject({ maxRefs: 5000, maxRefsPerCaller: 5000 });
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
    [{ NODE_ENV: "production", SIMULATORS: "true" }, false],
    [{ NODE_ENV: "production", SIMULATORS: "true", INTROSPECTION: "true" }, true],
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
    [{ UPSTREAM_MAX_PAUSE_S: "-1" }, /^UPSTREAM_MAX_PAUSE_S: /],
    [{ UPSTREAM_MAX_PAUSE_S: "86401" }, /^UPSTREAM_MAX_PAUSE_S: /],
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
    expect(loadConfig({ NODE_ENV: "production", SIMULATORS: "true" }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: "production", SIMULATORS: "true", CORS_ORIGINS: "https://app.example, http://localhost:3000/" }).corsOrigins).toEqual([
      "https://app.example",
      "http://localhost:3000",
    ]);
  });

  it.each([
    [{ BLUESHIFT_API_KEY: "k" }, /^AUTH_JWKS_URL: caller auth is required while BLUESHIFT_API_KEY is set/],
    [{ BLUESHIFT_API_KEY: "k", AUTH_DISABLED: "true" }, /^AUTH_DISABLED: refused while BLUESHIFT_API_KEY is set .*ALLOW_INSECURE=true/],
    [{ AUTH_DISABLED: "false" }, /^AUTH_DISABLED: is false but neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is set$/],
    [{ AUTH_JWT_SECRET: "short" }, /^AUTH_JWT_SECRET: must be at least 32 bytes/],
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

/** Every provider real, over https, with caller auth: what a real deployment sets (docs/contract.md §3). */
const REAL_DEPLOYMENT = {
  NODE_ENV: "production",
  ...CALLER_AUTH,
  BLUESHIFT_API_KEY: "k",
  USERGRID_BASE_URL: "https://usergrid.example",
  USERGRID_ORG: "o",
  USERGRID_APP: "a",
  USERGRID_CLIENT_ID: "id",
  USERGRID_CLIENT_SECRET: "s",
};

const withoutUsergrid = (env: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("USERGRID_")));

const USERGRID_REFUSAL =
  /^USERGRID_BASE_URL: Usergrid has no credentials \(USERGRID_BASE_URL, USERGRID_ORG, USERGRID_APP, USERGRID_CLIENT_ID, USERGRID_CLIENT_SECRET\) and SIMULATORS is not true/;
const BLUESHIFT_REFUSAL = /^BLUESHIFT_API_KEY: Blueshift has no credentials \(BLUESHIFT_API_KEY\) and SIMULATORS is not true/;

describe("the bundled simulators (SIMULATORS)", () => {
  it("serves a provider without credentials from its simulator in development and tests, as before", () => {
    for (const env of [{}, { NODE_ENV: "development" }, { NODE_ENV: "test" }, { SIMULATORS: "true" }]) {
      expect(loadConfig(env)).toMatchObject({ blueshift: { mode: "simulator" }, usergrid: { mode: "simulator" }, auth: null });
    }
  });

  it("refuses a production start that would simulate a provider, naming its variables and SIMULATORS, and allows it with SIMULATORS=true", () => {
    expect(() => loadConfig(withoutUsergrid(REAL_DEPLOYMENT))).toThrow(ConfigError);
    expect(() => loadConfig(withoutUsergrid(REAL_DEPLOYMENT))).toThrow(USERGRID_REFUSAL);
    expect(loadConfig({ ...withoutUsergrid(REAL_DEPLOYMENT), SIMULATORS: "true" })).toMatchObject({ blueshift: { mode: "real" }, usergrid: { mode: "simulator" } });
  });

  it("refuses a production start with nothing set (the Dockerfile's defaults), naming the first provider, and allows a demo with SIMULATORS=true", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(BLUESHIFT_REFUSAL);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SIMULATORS=true for a demo/);
    expect(loadConfig({ NODE_ENV: "production", SIMULATORS: "true" })).toMatchObject({ blueshift: { mode: "simulator" }, usergrid: { mode: "simulator" } });
  });

  it("starts in production with every provider's credentials and no SIMULATORS", () => {
    expect(loadConfig(REAL_DEPLOYMENT)).toMatchObject({ blueshift: { mode: "real" }, usergrid: { mode: "real", baseUrl: "https://usergrid.example" } });
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, BLUESHIFT_API_KEY: "" })).toThrow(BLUESHIFT_REFUSAL);
  });

  it("never simulates with SIMULATORS=false, in any environment", () => {
    expect(() => loadConfig({ SIMULATORS: "false" })).toThrow(BLUESHIFT_REFUSAL);
    expect(() => loadConfig({ ...withoutUsergrid(REAL_DEPLOYMENT), NODE_ENV: "development", SIMULATORS: "false" })).toThrow(USERGRID_REFUSAL);
    expect(loadConfig({ ...REAL_DEPLOYMENT, NODE_ENV: "development", SIMULATORS: "false" }).usergrid.mode).toBe("real");
  });

  it("keeps caller auth as it follows the providers: off by default only when every provider is simulated", () => {
    expect(loadConfig({ NODE_ENV: "production", SIMULATORS: "true" }).auth).toBeNull();
    expect(() => loadConfig({ NODE_ENV: "production", SIMULATORS: "true", BLUESHIFT_API_KEY: "k" })).toThrow(/^AUTH_JWKS_URL: caller auth is required while BLUESHIFT_API_KEY is set/);
  });

  it("refuses a SIMULATORS that is not true or false", () => {
    expect(() => loadConfig({ SIMULATORS: "yes" })).toThrow(/^SIMULATORS: must be true or false$/);
  });
});

describe("unsafe settings in production", () => {
  it.each([
    ["BLUESHIFT_BASE_URL", { BLUESHIFT_BASE_URL: "http://blueshift-proxy.internal:8080" }, /^BLUESHIFT_BASE_URL: is plain http in production: Blueshift's credentials would cross the network in clear; use https, or set ALLOW_INSECURE=true to accept that$/],
    ["USERGRID_BASE_URL", { USERGRID_BASE_URL: "http://usergrid.internal:8080" }, /^USERGRID_BASE_URL: is plain http in production: Usergrid's credentials would cross the network in clear; use https, or set ALLOW_INSECURE=true to accept that$/],
  ])("refuses %s over plain http unless ALLOW_INSECURE=true, and allows it outside production", (_, override, refusal) => {
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, ...override })).toThrow(refusal);
    expect(loadConfig({ ...REAL_DEPLOYMENT, ...override, ALLOW_INSECURE: "true" })).toMatchObject({ blueshift: { mode: "real" }, usergrid: { mode: "real" } });
    expect(loadConfig({ ...REAL_DEPLOYMENT, ...override, NODE_ENV: "development" })).toMatchObject({ blueshift: { mode: "real" }, usergrid: { mode: "real" } });
  });

  const JWKS = { AUTH_JWT_SECRET: "", AUTH_JWKS_URL: "https://issuer.example/jwks.json" };

  it.each([
    ["no AUTH_ISSUER", { AUTH_AUDIENCE: "facade" }, /^AUTH_ISSUER: is required with AUTH_JWKS_URL in production: without it, a token from any issuer that signs with that key set would pass$/],
    ["no AUTH_AUDIENCE", { AUTH_ISSUER: "https://issuer.example/" }, /^AUTH_AUDIENCE: is required with AUTH_JWKS_URL in production: without it, a token that issuer made for any other audience would pass$/],
    ["neither", {}, /^AUTH_ISSUER: is required with AUTH_JWKS_URL in production/],
  ])("refuses AUTH_JWKS_URL with %s", (_, bound, refusal) => {
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, ...JWKS, ...bound })).toThrow(refusal);
    expect(loadConfig({ ...REAL_DEPLOYMENT, ...JWKS, ...bound, NODE_ENV: "development" }).auth).toMatchObject({ keys: { kind: "jwks" } });
  });

  it("starts with AUTH_JWKS_URL bound to AUTH_ISSUER and AUTH_AUDIENCE", () => {
    expect(loadConfig({ ...REAL_DEPLOYMENT, ...JWKS, AUTH_ISSUER: "https://issuer.example/", AUTH_AUDIENCE: "facade" }).auth).toMatchObject({
      keys: { kind: "jwks" },
      issuer: "https://issuer.example/",
      audience: "facade",
    });
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, ...JWKS })).toThrow(ConfigError);
  });

  it.each([
    ["31 bytes", "a-secret-of-thirty-one-bytes-xy", /^AUTH_JWT_SECRET: must be at least 32 bytes \(HS256 needs a 256-bit key\)$/],
    ["one character repeated", "x".repeat(64), /^AUTH_JWT_SECRET: is one character repeated, which anyone could guess$/],
    ["one multi-byte character repeated", "é".repeat(40), /^AUTH_JWT_SECRET: is one character repeated/],
  ])("refuses an AUTH_JWT_SECRET of %s", (_, secret, refusal) => {
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, AUTH_JWT_SECRET: secret })).toThrow(refusal);
  });

  it("measures AUTH_JWT_SECRET in bytes, as the HS256 key is its UTF-8 bytes", () => {
    // 16 characters of 2 bytes each: a 256-bit key.
    expect(loadConfig({ ...REAL_DEPLOYMENT, AUTH_JWT_SECRET: "ßðéþüœøåæçñàèìòù" }).auth).toMatchObject({ keys: { kind: "secret" } });
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, AUTH_JWT_SECRET: "ßðéþüœøåæçñàèìò" })).toThrow(/^AUTH_JWT_SECRET: must be at least 32 bytes/);
  });

  it("never echoes a refused AUTH_JWT_SECRET", () => {
    expect(() => loadConfig({ ...REAL_DEPLOYMENT, AUTH_JWT_SECRET: "q".repeat(40) })).toThrow(/^AUTH_JWT_SECRET: (?!.*qqqq)/);
  });
});
