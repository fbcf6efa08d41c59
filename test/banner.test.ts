import { loadConfig } from "../src/config/config";
import { startBanner } from "../src/banner";

const banner = (env: NodeJS.ProcessEnv, bulkJobsAvailable = true) =>
  startBanner({ url: "http://127.0.0.1:4000/", config: loadConfig(env), bulkJobsAvailable, providers: [], simulatorUrls: new Map(), example: null });

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
