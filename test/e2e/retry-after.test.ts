import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import type { Fault } from "../../src/simulators/kit/fault";
import type { SimulatorHandle } from "../../src/simulators/kit/simulator-handle";
import { START_BULK_REMOVAL, type JobAnswer } from "../support/bulk-job-behaviours";
import { startFacade, type Facade } from "../support/facade";

/** What a GraphQL Int holds: a retryAfterSeconds above it fails the field (graphql-js `GraphQLInt`). */
const GRAPHQL_INT_MAX = 2 ** 31 - 1;
const A_DAY = 86_400;

const BULK_MUTATION = /* GraphQL */ `
  mutation RemoveMany($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {
    removeUsersFromGroup(provider: $provider, groupId: $groupId, userRefs: $userRefs) {
      failed
      results {
        __typename
        ... on MembershipError { code retryable }
        ... on RateLimitedError { retryAfterSeconds }
      }
    }
  }
`;

/** One behaviour table for both providers (STYLE.md: describe.each). */
interface Case {
  provider: "BLUESHIFT" | "USERGRID";
  groupId: string;
  members: readonly string[];
  sim(f: Facade): SimulatorHandle<string>;
  isMember(f: Facade, uuid: string): boolean;
  rateLimited(retryAfter: string): Fault;
  /** The route a federation read of a `User` entity goes to. */
  userRead: string;
}

const blueshift: Case = {
  provider: "BLUESHIFT",
  groupId: blueshiftDemo.groupId,
  members: [blueshiftDemo.customerUuid, blueshiftDemo.secondMemberUuid, blueshiftDemo.multiGroupCustomerUuid],
  sim: (f) => f.blueshift,
  isMember: (f, uuid) => f.blueshift.isMember(blueshiftDemo.groupId, uuid),
  rateLimited: (retryAfter) => blueshiftFaults.rateLimited(retryAfter),
  userRead: "getCustomer",
};

const usergrid: Case = {
  provider: "USERGRID",
  groupId: usergridDemo.groupPath,
  members: [usergridDemo.userUuid, usergridDemo.secondMemberUuid, usergridDemo.thirdMemberUuid],
  sim: (f) => f.usergrid,
  isMember: (f, uuid) => f.usergrid.isMember(usergridDemo.groupPath, uuid),
  rateLimited: (retryAfter) => usergridFaults.gatewayRateLimited(retryAfter),
  userRead: "getUser",
};

/** Retry-After values no one can wait out: far more seconds than an Int holds, and a date in year 9999. */
const UNWAITABLE = [
  ["99999999999 seconds", "99999999999"],
  ["an HTTP date in year 9999", "Fri, 31 Dec 9999 23:59:59 GMT"],
] as const;

describe.each([blueshift, usergrid])("a Retry-After from $provider that no one could wait out", (p) => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());
  const removals = () => p.sim(facade).requestsTo("removeUser");

  it.each(UNWAITABLE)("is answered as RateLimitedError with retryAfterSeconds of a day when it is %s", async (_name, retryAfter) => {
    p.sim(facade).script("removeUser", [p.rateLimited(retryAfter)]);
    const result = await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string });
    expect(result).toMatchObject({ __typename: "RateLimitedError", code: "RATE_LIMITED", retryable: true, upstreamStatus: 429, retryAfterSeconds: A_DAY });
    expect(removals()).toHaveLength(1);
  });

  it.each(UNWAITABLE)("on a 503 is answered as UpstreamUnavailableError with retryAfterSeconds of a day when it is %s", async (_name, retryAfter) => {
    p.sim(facade).script("removeUser", [{ status: 503, headers: { "retry-after": retryAfter }, body: { message: "Service Unavailable" } }]);
    const result = await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string });
    expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "SERVER_ERROR", unavailableRetryAfter: A_DAY });
    expect(p.isMember(facade, p.members[0] as string)).toBe(true);
  });

  it.each(UNWAITABLE)("holds bulk calls back for a day at most, each ref answered with a retryAfterSeconds that fits an Int, when it is %s", async (_name, retryAfter) => {
    p.sim(facade).script("removeUser", [p.rateLimited(retryAfter)]);
    await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string });

    const response = await request(facade.url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: BULK_MUTATION, variables: { provider: p.provider, groupId: p.groupId, userRefs: p.members.slice(1).map((uuid) => ({ uuid })) } });

    expect(response.body.errors).toBeUndefined();
    const { results, failed } = response.body.data.removeUsersFromGroup as { failed: number; results: Array<{ __typename: string; retryAfterSeconds: number }> };
    expect(failed).toBe(2);
    for (const result of results) {
      expect(result).toMatchObject({ __typename: "RateLimitedError", code: "RATE_LIMITED", retryable: true });
      // The batch's pause ends at the clamped time: what is left of it is at most a day.
      expect(result.retryAfterSeconds).toBeGreaterThan(0);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(A_DAY);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(GRAPHQL_INT_MAX);
    }
    // The pause is honoured: nothing more was sent for the batch.
    expect(removals()).toHaveLength(1);
    expect(p.members.slice(1).map((uuid) => p.isMember(facade, uuid))).toEqual([true, true]);
  });
});

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { __typename }
  }
`;
const JOB = /* GraphQL */ `query Job($id: ID!) { bulkRemoval(id: $id) { status removed failed } }`;

/** Short enough to wait out in a test, longer than a removal's deadline: callers meanwhile are answered, not held. */
const MAX_PAUSE_S = 2;
const PAUSED_UPSTREAM = { maxPauseS: MAX_PAUSE_S, timeoutMs: 500, deadlineMs: 1_000 };

describe.each([blueshift, usergrid])("a Retry-After from $provider longer than UPSTREAM_MAX_PAUSE_S", (p) => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade({ upstream: PAUSED_UPSTREAM });
  });
  afterEach(() => facade.close());
  const removals = () => p.sim(facade).requestsTo("removeUser");
  const post = (query: string, variables: Record<string, unknown>) => request(facade.url).post("").set("content-type", "application/json").send({ query, variables });
  const removeMany = async (uuids: readonly string[]) => {
    const response = await post(BULK_MUTATION, { provider: p.provider, groupId: p.groupId, userRefs: uuids.map((uuid) => ({ uuid })) });
    expect(response.body.errors).toBeUndefined();
    return response.body.data.removeUsersFromGroup.results as Array<Record<string, unknown>>;
  };
  /** Waits out the pause, which began when the 429 arrived: before the call that met it was answered. */
  const pauseOver = () => sleep(MAX_PAUSE_S * 1000 + 100);

  it("met by a read-only entity read: removals are answered RateLimitedError with what the provider asked, nothing sent, until the pause is over; then the removal is sent", async () => {
    p.sim(facade).script(p.userRead, [p.rateLimited(String(A_DAY))]);
    const read = await post(ENTITIES, { representations: [{ __typename: "User", provider: p.provider, id: p.members[0] }] });
    expect(read.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED" }) })]);

    const held = await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string });
    expect(held).toMatchObject({ __typename: "RateLimitedError", retryable: true, upstreamStatus: null });
    expect(held.retryAfterSeconds).toBeGreaterThan(A_DAY - 60);
    expect(held.retryAfterSeconds).toBeLessThanOrEqual(A_DAY);
    expect(removals()).toHaveLength(0);

    await pauseOver();
    expect(await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string })).toMatchObject({ __typename: "MembershipRemoval" });
    expect(removals()).toHaveLength(1);
    expect(p.isMember(facade, p.members[0] as string)).toBe(false);
  });

  it("met by a removal: bulk calls are held back for UPSTREAM_MAX_PAUSE_S only, and after it single removals, bulk calls and jobs are sent", async () => {
    p.sim(facade).script("removeUser", [p.rateLimited(String(A_DAY))]);
    expect(await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string })).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: A_DAY, upstreamStatus: 429 });

    const heldBack = await removeMany(p.members.slice(1));
    for (const result of heldBack) {
      expect(result).toMatchObject({ __typename: "RateLimitedError", code: "RATE_LIMITED" });
      expect(result.retryAfterSeconds).toBeGreaterThan(A_DAY - 60);
    }
    expect(removals()).toHaveLength(1);

    await pauseOver();
    expect(await facade.result(p.provider, p.groupId, { uuid: p.members[0] as string })).toMatchObject({ __typename: "MembershipRemoval" });
    expect((await removeMany([p.members[1] as string])).map((r) => r.__typename)).toEqual(["MembershipRemoval"]);
    const started = await post(START_BULK_REMOVAL, { provider: p.provider, groupId: p.groupId, userRefs: [{ uuid: p.members[2] }] });
    const { id } = started.body.data.startBulkRemoval as JobAnswer;
    let job = (await post(JOB, { id })).body.data.bulkRemoval as JobAnswer;
    while (job.status !== "COMPLETED") {
      await sleep(20);
      job = (await post(JOB, { id })).body.data.bulkRemoval as JobAnswer;
    }
    expect(job).toMatchObject({ removed: 1, failed: 0 });
    expect(p.members.map((uuid) => p.isMember(facade, uuid))).toEqual([false, false, false]);
  });
});
