import request from "supertest";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";

const REMOVE = /* GraphQL */ `
  mutation RemoveUserFromGroup($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {
    removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) { __typename }
  }
`;
const REMOVE_MANY = /* GraphQL */ `
  mutation RemoveUsersFromGroup($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {
    removeUsersFromGroup(provider: $provider, groupId: $groupId, userRefs: $userRefs) { removed }
  }
`;
/** A name no one ships, as any caller may write: it must not become a label value. */
const MADE_UP_NAME = "ProbeWithAMadeUpName7f3a";

/** The same requests, in the same order, for each server: what each is counted as. */
const REQUESTS: readonly { what: string; body: object; operation: string; result: string }[] = [
  {
    what: "a removal",
    body: { query: REMOVE, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } } },
    operation: "RemoveUserFromGroup",
    result: "MembershipRemoval",
  },
  {
    what: "the same removal again",
    body: { query: REMOVE, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } } },
    operation: "RemoveUserFromGroup",
    result: "MembershipNotFoundError",
  },
  {
    what: "a bulk removal of two users",
    body: {
      query: REMOVE_MANY,
      variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRefs: [{ email: blueshiftDemo.secondMemberEmail }, { uuid: blueshiftDemo.multiGroupCustomerUuid }] },
    },
    operation: "RemoveUsersFromGroup",
    result: "several_removals",
  },
  { what: "an anonymous query", body: { query: "{ providers { provider } }" }, operation: "anonymous", result: "no_removal" },
  { what: "a query under a made-up name", body: { query: `query ${MADE_UP_NAME} { providers { provider } }` }, operation: "other", result: "no_removal" },
  // Its operation is never resolved, so it has no name, on its log line too.
  { what: "a document that does not validate", body: { query: `query ${MADE_UP_NAME} { providers { nope } }` }, operation: "anonymous", result: "error" },
];

/** Every graphql_request_duration_seconds_count sample, as `{operation,result} count` lines, sorted. */
function durationCounts(metrics: string): string[] {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith("graphql_request_duration_seconds_count{"))
    .sort();
}

describe("graphql_request_duration_seconds, on the fast lane and on Apollo Server's path", () => {
  const facades: Record<"fast" | "apollo", Facade | undefined> = { fast: undefined, apollo: undefined };
  afterAll(async () => {
    await Promise.all(Object.values(facades).map((facade) => facade?.close()));
  });

  describe.each([
    ["fast", true],
    ["apollo", false],
  ] as const)("with the %s lane answering", (lane, fastLane) => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade({ fastLane });
      facades[lane] = facade;
    });

    it.each(REQUESTS.map((r, index) => [r.what, index] as const))("observes %s once, under its operation and result", async (_what, index) => {
      const { body, operation, result } = REQUESTS[index]!;
      const before = await scrape(facade.metricsUrl);
      await request(facade.url).post("/").send(body);
      const after = await scrape(facade.metricsUrl);
      const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
      expect(moved("graphql_request_duration_seconds_count", { operation, result })).toBe(1);
      expect(moved("graphql_request_duration_seconds_count")).toBe(1);
      expect(moved("graphql_request_duration_seconds_bucket", { operation, result, le: "+Inf" })).toBe(1);
      expect(after).not.toContain(MADE_UP_NAME);
    });

    it(lane === "fast" ? "answered the removals on the fast lane" : "answered every request through Apollo Server", async () => {
      const metrics = await scrape(facade.metricsUrl);
      // The removals and the queries that validate run on the lane; a document that does not validate is Apollo's.
      expect(sample(metrics, "graphql_requests_total", { lane: "fast" })).toBe(fastLane ? REQUESTS.length - 1 : 0);
    });
  });

  describe("after the same requests to both", () => {
    it("holds the same series with the same counts", async () => {
      const [fast, apollo] = await Promise.all([scrape(facades.fast!.metricsUrl), scrape(facades.apollo!.metricsUrl)]);
      expect(durationCounts(fast)).toEqual(durationCounts(apollo));
      expect(durationCounts(fast)).toHaveLength(new Set(REQUESTS.map((r) => `${r.operation} ${r.result}`)).size);
    });
  });
});
