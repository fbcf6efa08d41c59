import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";

/** Polls until the simulator has received `count` requests on a route (no timing is asserted). */
async function receivedAtLeast(count: () => number, wanted: number): Promise<void> {
  while (count() < wanted) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("a removal while every place to the provider is taken", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  it("is answered UpstreamUnavailableError with reason OVERLOADED, not CIRCUIT_OPEN, and nothing is sent for it", async () => {
    // One place to Blueshift and no queue: a second removal while the first is in flight is shed here.
    facade = await startFacade({ tuning: { maxConcurrent: 1, maxQueued: 0 }, upstream: { timeoutMs: 3000, deadlineMs: 3000, maxAttempts: 1 } });
    facade.blueshift.script("removeUser", [{ delayMs: 300 }]);
    const first = facade.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });
    await receivedAtLeast(() => facade.blueshift.requestsTo("removeUser").length, 1);

    const shed = await facade.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.secondMemberUuid });

    expect(shed).toMatchObject({ __typename: "UpstreamUnavailableError", code: "UPSTREAM_UNAVAILABLE", reason: "OVERLOADED", retryable: true, upstreamStatus: null });
    expect(shed.message).toMatch(/^This server did not call Blueshift: .*Nothing was changed\.$/);
    expect((await first).__typename).toBe("MembershipRemoval");
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
  });
});
