import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftFaults, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { expectWithinRate } from "../support/arrivals";
import { sample, scrape } from "../support/metric-sample";
import { startFacade, type Facade } from "../support/facade";

/**
 * docs/contract.md §10 in one process: BLUESHIFT_MAX_RPS caps what reaches Blueshift, a call that
 * cannot fit in its deadline is answered without being sent, and a Retry-After met by one call
 * holds back every other call to the provider until it has passed.
 */

const MEMBERS = 40;

let facade: Facade;
afterEach(async () => {
  await facade.close();
});

function removeMember(index: number): Promise<Record<string, unknown>> {
  return facade.result("BLUESHIFT", BLUESHIFT_BULK_GROUP_ID, { uuid: bulkCustomer(index).uuid });
}

describe("BLUESHIFT_MAX_RPS in one process", () => {
  it("lets no more than the cap reach Blueshift in any second, however many removals arrive at once, and answers every one", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) }, maxRps: { blueshift: 10 }, upstream: { deadlineMs: 20_000 } });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => removeMember(i)));

    expect(results.map((r) => r.__typename)).toEqual(Array(30).fill("MembershipRemoval"));
    const arrivals = facade.blueshift.requests.map((r) => r.receivedAt);
    expect(arrivals.length).toBeGreaterThanOrEqual(30);
    expectWithinRate(arrivals, 10);
  });

  it("answers RateLimitedError, with nothing sent, for a call that could not fit in its removal's deadline", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) }, maxRps: { blueshift: 1 }, upstream: { deadlineMs: 600 } });
    const results = await Promise.all(Array.from({ length: 3 }, (_, i) => removeMember(i)));

    // One request fits in the window; every other call would have to wait a second, past its deadline.
    expect(facade.blueshift.requests).toHaveLength(1);
    const limited = results.filter((r) => r.__typename === "RateLimitedError");
    expect(limited.length).toBeGreaterThanOrEqual(2);
    for (const r of limited) expect(r).toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterSeconds: 1, upstreamStatus: null, message: expect.stringMatching(/did not call Blueshift.*Nothing was changed/) });
    const notSentMembers = [0, 1, 2].filter((i) => facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, bulkCustomer(i).uuid));
    expect(notSentMembers.length).toBeGreaterThanOrEqual(2);
    expect(sample(await scrape(facade.metricsUrl), "upstream_budget_total", { provider: "BLUESHIFT", outcome: "refused", budget: "local" })).toBeGreaterThanOrEqual(2);
  });

  it("costs nothing and counts nothing without a cap or a pause", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) } });
    await Promise.all(Array.from({ length: 5 }, (_, i) => removeMember(i)));

    expect(sample(await scrape(facade.metricsUrl), "upstream_budget_total")).toBe(0);
  });
});

describe("a Retry-After met by one call", () => {
  it("holds back every other call to the provider until it has passed, then lets them through", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) }, upstream: { deadlineMs: 8_000 } });
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("1")]);
    const first = removeMember(0);
    // Once the 429 is in, other removals start: none of their requests may reach Blueshift for a second.
    await waitFor(() => facade.blueshift.requestsTo("removeUser").length === 1);
    const limitedAt = facade.blueshift.requestsTo("removeUser")[0]?.receivedAt ?? 0;
    const others = await Promise.all([1, 2, 3].map(removeMember));

    expect([await first, ...others].map((r) => r.__typename)).toEqual(Array(4).fill("MembershipRemoval"));
    const after = facade.blueshift.requests.filter((r) => r.receivedAt > limitedAt);
    expect(after.length).toBeGreaterThanOrEqual(4);
    for (const r of after) expect(r.receivedAt - limitedAt).toBeGreaterThanOrEqual(1000);
  });

  it("answers RateLimitedError at once, with nothing sent, to a call whose deadline ends before the pause does", async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) }, upstream: { deadlineMs: 2_000 } });
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("30")]);
    expect(await removeMember(0)).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: 30 });
    const sent = facade.blueshift.requests.length;

    expect(await removeMember(1)).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: expect.any(Number), upstreamStatus: null });
    expect(facade.blueshift.requests).toHaveLength(sent);
    expect(facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, bulkCustomer(1).uuid)).toBe(true);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
