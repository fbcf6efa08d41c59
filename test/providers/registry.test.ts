import { loadConfig } from "../../src/config/config";
import { Secret } from "../../src/config/secret";
import { Provider } from "../../src/graphql/provider.enum";
import { createServerLogger } from "../../src/server-logger";
import { definitionOf, PROVIDER_KEYS, type ProviderKey } from "../../src/providers/registry";
import { startFacade, type Facade } from "../support/facade";
import { logCapture } from "../support/log-capture";

/** A real provider needs caller auth (docs/contract.md §3); any valid verifier will do here. */
const CALLER_AUTH = { AUTH_JWT_SECRET: "an-hs256-secret-of-at-least-32-chars" };

/** A provider's variables as an operator of the real service sets them: credentials, and a host of its own. */
const realEnvironment = (key: ProviderKey) => definitionOf(key).simulator.environment("https://provider.example");

describe("the provider registry", () => {
  it("declares every Provider exactly once", () => {
    const declared = PROVIDER_KEYS.map((key) => definitionOf(key).provider);
    expect([...declared].sort()).toEqual(Object.values(Provider).sort());
  });
});

describe.each(PROVIDER_KEYS.map((key) => [definitionOf(key).name, key] as const))("%s, as its definition declares it", (_name, key) => {
  const definition = definitionOf(key);

  it("talks to the real service once its credentials are set", () => {
    expect(loadConfig({})[key]).toEqual({ mode: "simulator" });
    expect(loadConfig({ ...CALLER_AUTH, ...realEnvironment(key) })[key]).toMatchObject({ mode: "real", baseUrl: "https://provider.example" });
  });

  it("refuses to start with its real credentials and no caller auth", () => {
    const refusal = new RegExp(`^AUTH_JWKS_URL: caller auth is required while ${definition.credentialVariable} is set \\(a real provider\\)`);
    expect(() => loadConfig(realEnvironment(key))).toThrow(refusal);
    expect(() => loadConfig({ ...realEnvironment(key), AUTH_DISABLED: "true" })).toThrow(/^AUTH_DISABLED: refused while/);
    expect(loadConfig({ ...realEnvironment(key), AUTH_DISABLED: "true", ALLOW_INSECURE: "true" }).auth).toBeNull();
  });

  it("never puts its secret settings in a log line of the loaded config, even when a caller reveals them", () => {
    const config = loadConfig({ ...CALLER_AUTH, ...realEnvironment(key) });
    const settings: Record<string, unknown> = { ...config[key] };
    const revealed: Record<string, string> = {};
    for (const field of definition.secretFields) {
      const value = settings[field];
      expect(value).toBeInstanceOf(Secret);
      if (value instanceof Secret) revealed[field] = value.reveal();
    }
    const log = logCapture();
    const logger = createServerLogger("info", log.destination);
    logger.info({ config }, "as loaded");
    // Redaction is the net under a call site that reveals a secret (src/server-logger.ts).
    logger.info({ config: { ...config, [key]: { ...settings, ...revealed } } }, "revealed in the config");
    logger.info(revealed, "revealed alone");

    const text = JSON.stringify(log.lines());
    expect(Object.values(revealed).length).toBeGreaterThan(0);
    for (const secret of Object.values(revealed)) expect(text).not.toContain(secret);
    for (const line of log.lines().slice(0, 2)) {
      const logged = (line.config as Record<string, Record<string, unknown>>)[key];
      for (const field of definition.secretFields) expect(logged?.[field]).toBe("[redacted]");
    }
  });

  describe("on its bundled simulator", () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade();
    });
    afterAll(() => facade.close());

    it("removes the demo user the start banner offers as its example", async () => {
      const { groupId, userRef } = definition.simulator.example;
      expect(await facade.result(definition.provider, groupId, userRef)).toMatchObject({ __typename: "MembershipRemoval", provider: definition.provider });
    });
  });
});
