import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import type { Fault } from "../../src/simulators/kit/fault";
import type { SimulatorHandle } from "../../src/simulators/kit/simulator-handle";
import { startFacade, type Facade, type FacadeOptions } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";

/** One behaviour table, run against both providers (STYLE.md: describe.each). */
interface ProviderCase {
  provider: "BLUESHIFT" | "USERGRID";
  sim(f: Facade): SimulatorHandle<string>;
  remove(f: Facade): Promise<Record<string, unknown>>;
  isApplied(f: Facade): boolean;
  rateLimited(retryAfter: string): Fault;
  unavailable: Fault;
  serverError: Fault;
  /** After an applied-then-reset attempt, the retried DELETE meets a removed membership. */
  afterAppliedReset: string;
  /** The route a federation read of a `User` entity goes to, and three users it may read. */
  userRead: string;
  readableUsers: readonly [string, string, string];
}

const blueshift: ProviderCase = {
  provider: "BLUESHIFT",
  sim: (f) => f.blueshift,
  remove: (f) => f.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid }),
  isApplied: (f) => !f.blueshift.isMember(blueshiftDemo.groupId, blueshiftDemo.customerUuid),
  rateLimited: (retryAfter) => blueshiftFaults.rateLimited(retryAfter),
  unavailable: blueshiftFaults.serverError(503),
  serverError: blueshiftFaults.serverError(500),
  // Blueshift answers the retry 404: it may be the first attempt's own removal, so the outcome is unknown.
  afterAppliedReset: "OutcomeUnknownError",
  userRead: "getCustomer",
  readableUsers: [blueshiftDemo.customerUuid, blueshiftDemo.secondMemberUuid, blueshiftDemo.multiGroupCustomerUuid],
};

const usergrid: ProviderCase = {
  provider: "USERGRID",
  sim: (f) => f.usergrid,
  remove: (f) => f.result("USERGRID", usergridDemo.groupPath, { uuid: usergridDemo.userUuid }),
  isApplied: (f) => !f.usergrid.isMember(usergridDemo.groupPath, usergridDemo.userUuid),
  rateLimited: (retryAfter) => usergridFaults.gatewayRateLimited(retryAfter),
  unavailable: usergridFaults.serverError(503),
  serverError: usergridFaults.serverError(500),
  // Usergrid answers a repeated DELETE 200 with the user, which confirms the removal that did happen.
  afterAppliedReset: "MembershipRemoval",
  userRead: "getUser",
  readableUsers: [usergridDemo.userUuid, usergridDemo.secondMemberUuid, usergridDemo.thirdMemberUuid],
};

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { __typename }
  }
`;

/** cockatiel's CircuitState, as upstream_circuit_state reports it. */
const OPEN = 1;

async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe.each([blueshift, usergrid])("$provider under upstream faults", (p) => {
  let facade: Facade;
  const start = async (options: FacadeOptions = {}) => {
    facade = await startFacade(options);
  };
  afterEach(() => facade.close());
  const removals = () => p.sim(facade).requestsTo("removeUser");

  it("retries a 429 and reports the removal once the upstream lets it through", async () => {
    await start();
    p.sim(facade).script("removeUser", [p.rateLimited("1")]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "MembershipRemoval" });
    expect(removals()).toHaveLength(2);
  });

  it("answers RateLimitedError at once when Retry-After does not fit in the deadline", async () => {
    await start();
    p.sim(facade).script("removeUser", [p.rateLimited("30")]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: 30, upstreamStatus: 429 });
    expect(removals()).toHaveLength(1);
  });

  it("reports UpstreamUnavailableError after UPSTREAM_MAX_ATTEMPTS answers of 503, with nothing applied", async () => {
    await start({ upstream: { maxAttempts: 4 } });
    p.sim(facade).script("removeUser", [p.unavailable, p.unavailable, p.unavailable, p.unavailable]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "SERVER_ERROR", upstreamStatus: 503 });
    expect(removals()).toHaveLength(4);
    expect(p.isApplied(facade)).toBe(false);
  });

  it("does not retry a 500, and reports OutcomeUnknownError", async () => {
    await start();
    p.sim(facade).script("removeUser", [p.serverError]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 1, unknownReason: "SERVER_ERROR" });
    expect(removals()).toHaveLength(1);
  });

  it("reports OutcomeUnknownError with reason TIMEOUT when every attempt hangs, and closes each hung socket", async () => {
    await start();
    p.sim(facade).script("removeUser", [{ hang: true }, { hang: true }, { hang: true }]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 3, unknownReason: "TIMEOUT" });
    expect(removals()).toHaveLength(3);
    expect(await until(() => p.sim(facade).openSockets() === 0)).toBe(true);
  });

  it("rides through a hang and reports the removal the next attempt makes", async () => {
    await start();
    p.sim(facade).script("removeUser", [{ hang: true }]);
    expect(await p.remove(facade)).toMatchObject({ __typename: "MembershipRemoval" });
    expect(p.isApplied(facade)).toBe(true);
  });

  it("never hides a removal applied before the connection was reset", async () => {
    await start();
    p.sim(facade).script("removeUser", [{ apply: true, then: { reset: true } }]);
    const result = await p.remove(facade);
    expect(result.__typename).toBe(p.afterAppliedReset);
    expect(p.isApplied(facade)).toBe(true);
    expect(removals()).toHaveLength(2);
  });

  it("opens the circuit after repeated failures, sends nothing while open, and closes after a good half-open probe", async () => {
    await start({ tuning: { breakerThreshold: 3, halfOpenAfterMs: 300 } });
    p.sim(facade).script("removeUser", [p.unavailable, p.unavailable, p.unavailable]);
    expect((await p.remove(facade)).__typename).toBe("UpstreamUnavailableError");

    const seen = p.sim(facade).requests.length;
    expect(await p.remove(facade)).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "CIRCUIT_OPEN", unavailableRetryAfter: 1 });
    expect(p.sim(facade).requests).toHaveLength(seen);

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await p.remove(facade)).toMatchObject({ __typename: "MembershipRemoval" });
    expect(p.sim(facade).requests.length).toBeGreaterThan(seen);
  });

  it("keeps the circuit open when its half-open probe is shed by a full bulkhead, and sends the next removal as the real probe", async () => {
    // Entity reads get one place and one place in the queue; removals fail through the other place.
    await start({
      upstream: { timeoutMs: 2_000, deadlineMs: 4_000, maxAttempts: 1 },
      tuning: { breakerThreshold: 1, halfOpenAfterMs: 500, maxConcurrent: 2, maxQueued: 2, entityReadShare: 0.5 },
    });
    const sim = p.sim(facade);
    const readUsers = (ids: readonly string[]) =>
      request(facade.url)
        .post("")
        .set("content-type", "application/json")
        .send({ query: ENTITIES, variables: { representations: ids.map((id) => ({ __typename: "User", provider: p.provider, id })) } });
    const circuit = async () => sample(await scrape(facade.metricsUrl), "upstream_circuit_state", { provider: p.provider });

    // Two reads of one request fill the entity reads' share: the first held by the provider, the second queued behind it.
    sim.script(p.userRead, [{ delayMs: 1_500 }]);
    // supertest sends on then(): started here, awaited at the end.
    const held = readUsers(p.readableUsers.slice(0, 2)).then((response) => response);
    expect(await until(() => sim.requestsTo(p.userRead).length === 1)).toBe(true);
    sim.script("removeUser", [p.serverError]);
    expect((await p.remove(facade)).__typename).toBe("OutcomeUnknownError");
    expect(await circuit()).toBe(OPEN);

    await sleep(600);
    const shed = await readUsers([p.readableUsers[2]]);
    expect(shed.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE" }) })]);
    expect(sim.requestsTo(p.userRead)).toHaveLength(1);
    expect(await circuit()).toBe(OPEN);

    // The provider still fails: the next removal is the probe, its answer keeps the circuit open, and the one after is not sent.
    sim.script("removeUser", [p.serverError]);
    expect((await p.remove(facade)).__typename).toBe("OutcomeUnknownError");
    expect(removals()).toHaveLength(2);
    expect(await p.remove(facade)).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "CIRCUIT_OPEN" });
    expect(removals()).toHaveLength(2);
    expect(await circuit()).toBe(OPEN);
    await held;
  });

  it("never has more requests in flight to the upstream than the bulkhead allows", async () => {
    await start({ tuning: { maxConcurrent: 2 } });
    p.sim(facade).setLatency(30);
    const results = await Promise.all(Array.from({ length: 8 }, () => p.remove(facade)));
    expect(results.filter((r) => r.__typename === "MembershipRemoval").length).toBeGreaterThanOrEqual(1);
    expect(p.sim(facade).maxInFlight).toBeLessThanOrEqual(2);
  });
});

it("reports UpstreamUnavailableError with reason NETWORK after every attempt is refused", async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const facade = await startFacade({ blueshiftBaseUrl: `http://127.0.0.1:${port}` });
  try {
    expect(await blueshift.remove(facade)).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "NETWORK" });
  } finally {
    await facade.close();
  }
});
