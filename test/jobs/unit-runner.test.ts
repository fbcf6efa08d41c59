import { Provider } from "../../src/graphql/provider.enum";
import { UserRefKind } from "../../src/graphql/user-ref-kind.enum";
import type { BulkJobUnit } from "../../src/jobs/bulk-jobs";
import { UnitRunner, type UnitTry, type UnitWork } from "../../src/jobs/unit-runner";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { startSimulatedProviders, type SimulatedProviders } from "../support/facade";

const unitOf = (uuid: string): BulkJobUnit => ({ key: `uuid:${uuid}`, user: { kind: UserRefKind.UUID, uuid }, positions: [0] });

/** An answered try's union member by name, with the fields a client reads. */
function answerOf(tried: UnitTry): Record<string, unknown> {
  if (tried.kind !== "answered") throw new Error(`expected an answer, got ${tried.kind}`);
  return { ...tried.result, __typename: tried.result.constructor.name };
}

describe("answering one unit of a bulk-removal job, whichever engine took it", () => {
  let upstreams: SimulatedProviders;
  let runner: UnitRunner;
  beforeEach(async () => {
    upstreams = await startSimulatedProviders();
    runner = new UnitRunner(new Map(upstreams.providers.map((p) => [p.provider, p])), upstreams.logger);
  });
  afterEach(() => upstreams.close());

  const work = (uuid: string, fields: Partial<UnitWork> = {}): UnitWork => ({
    jobId: "job",
    provider: Provider.BLUESHIFT,
    groupId: blueshiftDemo.groupId,
    unit: unitOf(uuid),
    interrupted: false,
    refusals: 0,
    ...fields,
  });
  const removals = () => upstreams.blueshift.requestsTo("removeUser");

  it("answers as removeUserFromGroup would", async () => {
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.customerUuid)))).toMatchObject({ __typename: "MembershipRemoval" });
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.groupLessCustomerUuid)))).toMatchObject({ __typename: "MembershipNotFoundError" });
  });

  it("keeps a confirmed removal of a unit an earlier worker stopped running, and answers its 'not a member' OutcomeUnknownError", async () => {
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.customerUuid, { interrupted: true })))).toMatchObject({ __typename: "MembershipRemoval" });
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.customerUuid, { interrupted: true })))).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 1 });
  });

  it("holds a unit refused for a Retry-After for the pause, once; refused again, that is its answer", async () => {
    upstreams.blueshift.script("removeUser", [blueshiftFaults.rateLimited("30")]);
    expect(await runner.tryOnce(work(blueshiftDemo.customerUuid))).toEqual({ kind: "held", holdMs: 30_000 });
    // The pause is longer than a bulk call waits: the second try is refused without being sent.
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.customerUuid, { refusals: 1 })))).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: 30 });
    expect(removals()).toHaveLength(1);
  });

  it("tries again a unit an earlier worker stopped running when it is refused for a Retry-After, rather than answer at once", async () => {
    upstreams.blueshift.script("removeUser", [blueshiftFaults.rateLimited("30")]);
    expect(await runner.tryOnce(work(blueshiftDemo.customerUuid, { interrupted: true }))).toEqual({ kind: "held", holdMs: 30_000 });
    // Refused again: after a crashed attempt only a confirmed removal stands.
    expect(answerOf(await runner.tryOnce(work(blueshiftDemo.customerUuid, { interrupted: true, refusals: 1 })))).toMatchObject({ __typename: "OutcomeUnknownError" });
  });

  it("drops a unit its job no longer wants, sending nothing", async () => {
    expect(await runner.tryOnce(work(blueshiftDemo.customerUuid), { wanted: () => false })).toEqual({ kind: "dropped" });
    expect(upstreams.blueshift.requests).toHaveLength(0);
    expect(upstreams.blueshift.isMember(blueshiftDemo.groupId, blueshiftDemo.customerUuid)).toBe(true);
  });
});
