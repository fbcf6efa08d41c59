import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import type { Fault } from "../../src/simulators/kit/fault";
import { startFacade, type Facade } from "../support/facade";
import { pick, seededRandom } from "../support/seeded-random";

const SEED = 20261123;
const CALLS = 200;

/** Every way an attempt can go, weighted towards the common ones; "pass" lets the real answer through. */
function faultMix(provider: "BLUESHIFT" | "USERGRID"): Array<[weight: number, fault: Fault | "pass"]> {
  const server = (status: 500 | 502 | 503 | 504): Fault =>
    provider === "BLUESHIFT" ? blueshiftFaults.serverError(status) : status === 500 || status === 503 ? usergridFaults.serverError(status) : usergridFaults.gatewayError(status);
  const rateLimited = provider === "BLUESHIFT" ? blueshiftFaults.rateLimited("0") : usergridFaults.gatewayRateLimited("0");
  return [
    [10, "pass"],
    [3, rateLimited],
    [3, server(503)],
    [2, server(502)],
    [2, server(504)],
    [1, server(500)],
    [1, { reset: true }],
    [1, { hang: true }],
    [2, { apply: true, then: { reset: true } }],
    [2, { apply: true, then: server(502) }],
    [1, { apply: true, then: { hang: true } }],
    [1, { delayMs: 20 }],
  ];
}

describe("removals under a seeded random fault mix", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade({
      upstream: { timeoutMs: 150, deadlineMs: 2000, maxAttempts: 3 },
      tuning: { backoffBaseMs: 2, backoffCapMs: 10, breakerThreshold: 4, halfOpenAfterMs: 50 },
    });
  });
  afterAll(() => facade.close());

  it("answers every call in agreement with what the simulator applied", async () => {
    const random = seededRandom(SEED);
    const seen = new Map<string, number>();
    const disagreements: string[] = [];

    for (let call = 0; call < CALLS; call++) {
      const provider = random() < 0.5 ? "BLUESHIFT" : "USERGRID";
      const sim = provider === "BLUESHIFT" ? facade.blueshift : facade.usergrid;
      // A fresh seed each call: the membership exists, and no fault is left over from the last call.
      sim.reset();
      const faults = Array.from({ length: Math.floor(random() * 5) }, () => pick(random, faultMix(provider)));
      sim.script("removeUser", faults.map((f) => (f === "pass" ? { delayMs: 0 } : f)));

      const result =
        provider === "BLUESHIFT"
          ? await facade.result(provider, blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })
          : await facade.result(provider, usergridDemo.groupPath, { uuid: usergridDemo.userUuid });
      const applied =
        provider === "BLUESHIFT"
          ? !facade.blueshift.isMember(blueshiftDemo.groupId, blueshiftDemo.customerUuid)
          : !facade.usergrid.isMember(usergridDemo.groupPath, usergridDemo.userUuid);
      const answer = result.__typename as string;
      seen.set(answer, (seen.get(answer) ?? 0) + 1);

      const agrees = answer === "OutcomeUnknownError" || (answer === "MembershipRemoval") === applied;
      if (!agrees) disagreements.push(`call ${call} ${provider} [${JSON.stringify(faults)}]: ${answer} but applied=${applied}`);
    }

    expect(disagreements).toEqual([]);
    // The mix really exercised success, retries that recovered, ambiguity and refusals.
    expect(seen.get("MembershipRemoval")).toBeGreaterThan(50);
    expect(seen.get("OutcomeUnknownError")).toBeGreaterThan(0);
    expect([...seen.keys()].length).toBeGreaterThanOrEqual(3);
  });
});
