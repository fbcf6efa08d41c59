import { loadConfig } from "../src/config/config";
import { demoOf, exampleMutation, startBanner, type Demo } from "../src/banner";
import { Provider } from "../src/graphql/provider.enum";

const banner = (env: NodeJS.ProcessEnv, bulkJobsAvailable = true, demo: Demo | null = null) =>
  startBanner({
    url: "http://127.0.0.1:4000/",
    metricsUrl: "http://127.0.0.1:9464/metrics",
    config: loadConfig(env),
    bulkJobsAvailable,
    providers: [],
    simulatorUrls: new Map(),
    demo,
  });

/** What `npm start` shows when both simulators serve: Blueshift's demo, the registry's first. */
const BLUESHIFT_DEMO = demoOf(() => true);

describe("the start banner for a newcomer", () => {
  it("takes its example from the first provider a simulator serves", () => {
    expect(BLUESHIFT_DEMO).toEqual({ provider: Provider.BLUESHIFT, removal: { groupId: "grp_orionretail", userRef: { uuid: "57fbca61-3eed-43ea-aaa6-c35307296035" } } });
    expect(demoOf((provider) => provider === Provider.USERGRID)).toEqual({ provider: Provider.USERGRID, removal: { groupId: "someGroup", userRef: { username: "someUser" } } });
    expect(demoOf(() => false)).toBeNull();
  });

  it("says Sandbox opens with the example, needs internet, and what to use offline", () => {
    const text = banner({}, true, BLUESHIFT_DEMO);
    expect(text).toContain("Apollo Sandbox: open http://127.0.0.1:4000/ in a browser (it opens with the example below filled in)");
    expect(text).toContain("the page loads from Apollo's CDN and needs internet; offline, use curl or the example client (npm run example)");
    expect(text).toContain("Try it: Sandbox opens with this mutation; press Run");
    expect(text).toContain(exampleMutation(BLUESHIFT_DEMO!));
    expect(text).toContain("  curl -s http://127.0.0.1:4000/ -H 'content-type: application/json' --data '{\"query\":\"mutation RemoveDemoUser {");
    expect(text).toContain("  FACADE_URL=http://127.0.0.1:4000/ npm run example -- BLUESHIFT grp_orionretail uuid=57fbca61-3eed-43ea-aaa6-c35307296035\n");
  });

  it("offers curl alone, with a token placeholder, when caller auth is on, since the example client sends no token", () => {
    const text = banner({ AUTH_JWT_SECRET: "an-hs256-secret-of-at-least-32-chars" }, true, BLUESHIFT_DEMO);
    expect(text).toContain("-H 'authorization: Bearer <JWT>'");
    expect(text).not.toContain("npm run example --");
  });

  it("mentions no Sandbox where the page is off (production), and still shows the example with curl", () => {
    const text = banner({ NODE_ENV: "production", SIMULATORS: "true" }, true, BLUESHIFT_DEMO);
    expect(text).not.toContain("Sandbox");
    expect(text).toContain("Try it (every call removes for real on the simulator");
    expect(text).toContain("curl -s http://127.0.0.1:4000/");
  });

  it("says where Prometheus scrapes, off the GraphQL port", () => {
    expect(banner({})).toContain("  Metrics    http://127.0.0.1:9464/metrics (Prometheus, on METRICS_PORT: not on the GraphQL port)");
  });
});

describe("the start banner on bulk-removal jobs", () => {
  it("says jobs run in this process, not durable and not shared, when REDIS_URL is unset", () => {
    expect(banner({})).toMatch(/Bulk jobs {2}run in this process: not durable .* not shared/);
  });

  it("names the Redis jobs live on by host and port, never its password", () => {
    const text = banner({ REDIS_URL: "redis://:super-secret-redis-password@redis.internal:6380/0" });
    expect(text).toContain("Bulk jobs  on Redis at redis.internal:6380 (BullMQ): durable, shared by every instance");
    expect(text).not.toContain("super-secret-redis-password");
    expect(text).not.toContain("!!! Redis");
  });

  it("says so loudly when that Redis is unreachable at start", () => {
    expect(banner({ REDIS_URL: "redis://redis.internal:6379" }, false)).toContain("!!! Redis is unreachable now: startBulkRemoval answers SERVICE_UNAVAILABLE");
  });
});

describe("the start banner on the upstream budget", () => {
  it("names each provider's cap and says it holds for this process only without REDIS_URL", () => {
    expect(banner({ BLUESHIFT_MAX_RPS: "20" })).toContain("Budget     BLUESHIFT 20 requests/s, USERGRID no cap: this process only (no REDIS_URL)");
  });

  it("says the caps and Retry-After pauses are shared with every instance on Redis", () => {
    expect(banner({ REDIS_URL: "redis://redis.internal:6379", USERGRID_MAX_RPS: "5" })).toContain("Budget     BLUESHIFT no cap, USERGRID 5 requests/s: shared by every instance on that Redis, with Retry-After pauses");
  });
});

describe("the start banner on simulators in production", () => {
  const SIMULATED = { providers: [Provider.BLUESHIFT, Provider.USERGRID], urls: ["http://127.0.0.1:4101", "http://127.0.0.1:4102"] };

  /** The banner with `simulated` served by simulators and every other provider by its real service. */
  const bannerWith = (env: NodeJS.ProcessEnv, simulated: readonly Provider[]) =>
    startBanner({
      url: "http://127.0.0.1:4000/",
      metricsUrl: "http://127.0.0.1:9464/metrics",
      config: loadConfig(env),
      bulkJobsAvailable: true,
      providers: SIMULATED.providers.map((provider) => ({
        provider,
        configured: !simulated.includes(provider),
        endpoint: simulated.includes(provider) ? "SIMULATOR" : "provider.example",
        supportedUserRefs: [],
      })),
      simulatorUrls: new Map(SIMULATED.providers.flatMap((provider, i) => (simulated.includes(provider) ? [[provider, SIMULATED.urls[i] as string] as const] : []))),
      demo: null,
    });

  it("says loudly that SIMULATORS=true has every provider answer from a simulator in production", () => {
    const text = bannerWith({ NODE_ENV: "production", SIMULATORS: "true" }, SIMULATED.providers);
    expect(text).toContain(
      "  !!! SIMULATORS=true IN PRODUCTION: BLUESHIFT, USERGRID answer from their bundled simulators (demo data): no real membership is changed, and no answer is about your users.\n" +
        "      A real deployment sets each provider's variables and leaves SIMULATORS unset.\n",
    );
  });

  it("names only the provider a simulator serves beside a real one", () => {
    const text = bannerWith({ NODE_ENV: "production", SIMULATORS: "true", BLUESHIFT_API_KEY: "k", AUTH_JWT_SECRET: "an-hs256-secret-of-at-least-32-chars" }, [Provider.USERGRID]);
    expect(text).toContain("  !!! SIMULATORS=true IN PRODUCTION: USERGRID answers from its bundled simulator (demo data)");
    expect(text).toContain("  BLUESHIFT  REAL service at provider.example");
  });

  it("says nothing of it outside production, where simulators are the default", () => {
    expect(bannerWith({}, SIMULATED.providers)).not.toContain("SIMULATORS");
  });
});
