import { inspect } from "node:util";
import { ConfigError, loadConfig } from "../../src/config/config";

describe("configuration from the environment", () => {
  it("serves both providers from the simulators when no credentials are set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 4000,
      blueshift: { mode: "simulator" },
      usergrid: { mode: "simulator" },
      upstream: { timeoutMs: 2000, deadlineMs: 8000, maxAttempts: 3 },
    });
  });

  it("talks to the real Blueshift region when a key is set, and tolerates a trailing slash on an override", () => {
    expect(loadConfig({ BLUESHIFT_API_KEY: "k", BLUESHIFT_REGION: "eu" }).blueshift).toMatchObject({
      mode: "real",
      baseUrl: "https://api.eu.getblueshift.com",
    });
    expect(loadConfig({ BLUESHIFT_API_KEY: "k", BLUESHIFT_BASE_URL: "http://proxy.local:8080/bsft/" }).blueshift).toMatchObject({
      baseUrl: "http://proxy.local:8080/bsft",
    });
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
    [{ BLUESHIFT_API_KEY: "k", BLUESHIFT_BASE_URL: "ftp://x" }, /^BLUESHIFT_BASE_URL: /],
    [{ BLUESHIFT_BASE_URL: "http://x" }, /^BLUESHIFT_BASE_URL: is set but BLUESHIFT_API_KEY is not/],
    [{ USERGRID_ORG: "o" }, /^USERGRID_BASE_URL: is required/],
    [{ UPSTREAM_TIMEOUT_MS: "9000" }, /^UPSTREAM_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS$/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("never prints a credential, however the config is printed", () => {
    const config = loadConfig({ BLUESHIFT_API_KEY: "super-secret-key" });
    expect(JSON.stringify(config)).not.toContain("super-secret-key");
    expect(inspect(config, { depth: 10 })).not.toContain("super-secret-key");
    expect(`${config.blueshift.mode === "real" ? config.blueshift.apiKey : ""}`).not.toContain("super-secret-key");
  });
});
