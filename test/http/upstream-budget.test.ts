import { setTimeout as sleep } from "node:timers/promises";
import { MAX_RETRY_AFTER_SECONDS } from "../../src/http/retry-after";
import { UpstreamBudget } from "../../src/http/upstream-budget";

/**
 * One provider's budget in this process (docs/contract.md §7, §10): a Retry-After holds its calls
 * for UPSTREAM_MAX_PAUSE_S at most, and a call refused meanwhile is told what the provider asked.
 * The fleet's budget on Redis is test/e2e/upstream-budget-redis-processes.test.ts.
 */

const NOBODY = { budgeted: () => undefined };
const within = (ms: number) => Date.now() + ms;

describe("a Retry-After in one process's upstream budget", () => {
  it("refuses calls for UPSTREAM_MAX_PAUSE_S, telling them what the provider asked, and then lets them go", async () => {
    const budget = new UpstreamBudget({ maxRps: null, maxPauseS: 1, observer: NOBODY });
    budget.pause(MAX_RETRY_AFTER_SECONDS);

    const refused = await budget.take(within(300));
    expect(refused.kind).toBe("refused");
    expect(refused.kind === "refused" && refused.retryAfterSeconds).toBeGreaterThan(MAX_RETRY_AFTER_SECONDS - 60);

    await sleep(1_100);
    expect(await budget.take(within(300))).toEqual({ kind: "go" });
  });

  it("lets a call whose deadline allows it wait out the capped pause, and then sends it", async () => {
    const budget = new UpstreamBudget({ maxRps: null, maxPauseS: 1, observer: NOBODY });
    budget.pause(MAX_RETRY_AFTER_SECONDS);
    expect(await budget.take(within(5_000))).toEqual({ kind: "go" });
  });

  it("holds nothing when UPSTREAM_MAX_PAUSE_S is 0", async () => {
    const budget = new UpstreamBudget({ maxRps: null, maxPauseS: 0, observer: NOBODY });
    budget.pause(MAX_RETRY_AFTER_SECONDS);
    expect(await budget.take(within(300))).toEqual({ kind: "go" });
  });

  it("tells a call refused for the rate the seconds it would have had to wait, not a pause's", async () => {
    const budget = new UpstreamBudget({ maxRps: 1, maxPauseS: 60, observer: NOBODY });
    expect(await budget.take(within(300))).toEqual({ kind: "go" });
    expect(await budget.take(within(300))).toEqual({ kind: "refused", retryAfterSeconds: 1 });
  });
});
