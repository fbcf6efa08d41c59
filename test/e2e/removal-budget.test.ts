import request from "supertest";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";
import { logCapture } from "../support/log-capture";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User { id }
    }
  }
`;

/** Polls until the simulator has received `count` requests on a route (no timing is asserted). */
async function receivedAtLeast(count: () => number, wanted: number): Promise<void> {
  while (count() < wanted) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("what one removal may spend upstream", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  it("bounds all the calls of one removal by UPSTREAM_DEADLINE_MS together, and sends no DELETE once it has passed", async () => {
    // Each call alone fits the deadline; the lookup and the membership read together do not.
    facade = await startFacade({ upstream: { timeoutMs: 1000, deadlineMs: 1000, maxAttempts: 1 } });
    facade.usergrid.script("queryUsers", [{ delayMs: 700 }]);
    facade.usergrid.script("getMembership", [{ delayMs: 700 }]);

    const result = await facade.result("USERGRID", usergridDemo.groupPath, { email: usergridDemo.userEmail });

    expect(result.__typename).toBe("UpstreamUnavailableError");
    expect(result).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", reason: "TIMEOUT", retryable: true });
    expect(facade.usergrid.requestsTo("removeUser")).toHaveLength(0);
    expect(facade.usergrid.isMember(usergridDemo.groupUuid, usergridDemo.userUuid)).toBe(true);
  });

  it("keeps part of a provider's in-flight budget for removals while entity reads fill theirs", async () => {
    // Four places to Blueshift: entity reads may hold two, so two stay for removals.
    facade = await startFacade({ tuning: { maxConcurrent: 4, maxQueued: 0 }, upstream: { timeoutMs: 3000, deadlineMs: 3000, maxAttempts: 1 } });
    const hung = [blueshiftDemo.customerUuid, blueshiftDemo.secondMemberUuid, blueshiftDemo.multiGroupCustomerUuid, blueshiftDemo.groupLessCustomerUuid];
    facade.blueshift.script("getCustomer", hung.map(() => ({ hang: true })));
    const reads = request(facade.url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: ENTITIES, variables: { representations: hung.map((id) => ({ __typename: "User", provider: "BLUESHIFT", id })) } })
      .then((response) => response);
    await receivedAtLeast(() => facade.blueshift.requestsTo("getCustomer").length, 2);

    const removal = await facade.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });

    expect(removal.__typename).toBe("MembershipRemoval");
    // Only the reads' share went out; the rest were refused here, not sent.
    expect(facade.blueshift.requestsTo("getCustomer")).toHaveLength(2);
    const answered = await reads;
    expect(answered.body.errors?.length ?? 0).toBeGreaterThan(0);
  });
});

describe("shutting down during a removal", () => {
  it("waits for a removal that runs close to its whole deadline, so its caller gets the answer and the audit line is written", async () => {
    // The deadline is longer than shutdown's least wait (10 s): the wait must follow it.
    const log = logCapture();
    const facade = await startFacade({ upstream: { timeoutMs: 11_000, deadlineMs: 11_000, maxAttempts: 1 }, log: { level: "info", destination: log.destination } });
    facade.blueshift.script("removeUser", [{ delayMs: 10_500 }]);
    const removal = facade.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });
    await receivedAtLeast(() => facade.blueshift.requestsTo("removeUser").length, 1);

    await facade.close();

    expect((await removal).__typename).toBe("MembershipRemoval");
    expect(log.lines().filter((line) => line.msg === "graphql request")).toHaveLength(1);
  }, 20_000);
});
