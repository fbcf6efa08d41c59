import request from "supertest";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftFaults, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { USERGRID_BULK_GROUP, bulkUser, usergridBulkSeed, usergridFaults } from "../../src/simulators/usergrid/simulator";
import type { Fault } from "../../src/simulators/kit/fault";
import type { SimulatorHandle } from "../../src/simulators/kit/simulator-handle";
import { startFacade, type Facade, type FacadeOptions } from "../support/facade";
import { pick, seededRandom } from "../support/seeded-random";

const BULK_MUTATION = /* GraphQL */ `
  mutation RemoveMany($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {
    removeUsersFromGroup(provider: $provider, groupId: $groupId, userRefs: $userRefs) {
      removed
      notMember
      failed
      unknown
      results {
        __typename
        ... on MembershipRemoval { user { id } }
        ... on MembershipError { code message retryable }
        ... on InvalidInputError { field }
        ... on RateLimitedError { retryAfterSeconds }
      }
    }
  }
`;

interface BulkAnswer {
  removed: number;
  notMember: number;
  failed: number;
  unknown: number;
  results: Array<{ __typename: string; user?: { id: string }; code?: string; field?: string; retryAfterSeconds?: number | null }>;
}

type RefKind = "uuid" | "username" | "email";
type Ref = Partial<Record<RefKind, string>>;

/** One behaviour table for both providers (STYLE.md: describe.each). */
interface BulkCase {
  provider: "BLUESHIFT" | "USERGRID";
  groupId: string;
  kinds: readonly RefKind[];
  /** Member `i` of the seeded bulk group. */
  member(i: number): { uuid: string; username?: string; email: string };
  sim(f: Facade): SimulatorHandle<string>;
  isMember(f: Facade, uuid: string): boolean;
  rateLimited(retryAfter: string): Fault;
  serverError(status: 500 | 502 | 503): Fault;
}

const MEMBERS = 500;

const blueshift: BulkCase = {
  provider: "BLUESHIFT",
  groupId: BLUESHIFT_BULK_GROUP_ID,
  kinds: ["uuid", "email"],
  member: bulkCustomer,
  sim: (f) => f.blueshift,
  isMember: (f, uuid) => f.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, uuid),
  rateLimited: (retryAfter) => blueshiftFaults.rateLimited(retryAfter),
  serverError: (status) => blueshiftFaults.serverError(status),
};

const usergrid: BulkCase = {
  provider: "USERGRID",
  groupId: USERGRID_BULK_GROUP.path,
  kinds: ["uuid", "username", "email"],
  member: bulkUser,
  sim: (f) => f.usergrid,
  isMember: (f, uuid) => f.usergrid.isMember(USERGRID_BULK_GROUP.path, uuid),
  rateLimited: (retryAfter) => usergridFaults.gatewayRateLimited(retryAfter),
  serverError: (status) => (status === 502 ? usergridFaults.gatewayError(502) : usergridFaults.serverError(status)),
};

/** Both simulators hold the bulk group of MEMBERS; reset() goes back to it. */
const seeded: FacadeOptions = {
  blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS) },
  usergridSimulator: { seed: usergridBulkSeed(MEMBERS) },
  // A short attempt timeout makes hangs cheap; backoff stays small so the batch is quick.
  upstream: { timeoutMs: 150, deadlineMs: 2000, maxAttempts: 3 },
  tuning: { backoffBaseMs: 2, backoffCapMs: 10, breakerThreshold: 20, halfOpenAfterMs: 100 },
};

async function removeMany(f: Facade, provider: string, groupId: string, userRefs: readonly Ref[]): Promise<request.Response> {
  return request(f.url).post("").set("content-type", "application/json").send({ query: BULK_MUTATION, variables: { provider, groupId, userRefs } });
}

async function bulkAnswer(f: Facade, p: BulkCase, userRefs: readonly Ref[], groupId = p.groupId): Promise<BulkAnswer> {
  const response = await removeMany(f, p.provider, groupId, userRefs);
  if (response.body.errors) throw new Error(`unexpected top-level errors: ${JSON.stringify(response.body.errors)}`);
  return response.body.data.removeUsersFromGroup as BulkAnswer;
}

function refOf(p: BulkCase, i: number, kind: RefKind): Ref {
  const value = p.member(i)[kind];
  if (value === undefined) throw new Error(`${p.provider} members have no ${kind}`);
  return { [kind]: value };
}

/** The kinds take turns, so email lookups (and Usergrid usernames) run inside the batch too. */
const refs = (p: BulkCase, count: number): Ref[] => Array.from({ length: count }, (_, i) => refOf(p, i, p.kinds[i % p.kinds.length] as RefKind));

/** What the removal route answers, request by request: mostly the real answer, with every fault kind mixed in. */
function faultMix(p: BulkCase, length: number): Fault[] {
  const random = seededRandom(20261124);
  const faults: Array<[number, Fault]> = [
    [3, p.rateLimited("0")],
    [3, p.serverError(503)],
    [2, p.serverError(502)],
    [1, p.serverError(500)],
    [2, { apply: true, then: { reset: true } }],
    [1, { hang: true }],
    [1, { apply: true, then: { hang: true } }],
  ];
  const script = Array.from({ length }, (): Fault => (random() < 0.75 ? { delayMs: 0 } : pick(random, faults)));
  // Two answers that each pause the whole batch for a second.
  script[100] = p.rateLimited("1");
  script[300] = p.rateLimited("1");
  return script;
}

describe.each([blueshift, usergrid])("removeUsersFromGroup on $provider", (p) => {
  describe("with the default concurrency of 8", () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade(seeded);
    });
    afterAll(() => facade.close());
    beforeEach(() => p.sim(facade).reset());

    it("answers 500 refs under a fault mix in order, each in agreement with what the simulator applied, never over 8 requests at once", async () => {
      p.sim(facade).script("removeUser", faultMix(p, 700));
      const answer = await bulkAnswer(facade, p, refs(p, MEMBERS));

      expect(answer.results).toHaveLength(MEMBERS);
      const disagreements = answer.results.flatMap((result, i) => {
        const { uuid } = p.member(i);
        const applied = !p.isMember(facade, uuid);
        const agrees = result.__typename === "OutcomeUnknownError" || (result.__typename === "MembershipRemoval") === applied;
        const inOrder = result.__typename !== "MembershipRemoval" || result.user?.id === uuid;
        return agrees && inOrder ? [] : [`#${i} ${result.__typename} (${result.user?.id ?? result.code}) but applied=${applied}`];
      });
      expect(disagreements).toEqual([]);

      const count = (typename: string) => answer.results.filter((r) => r.__typename === typename).length;
      expect(answer).toMatchObject({ removed: count("MembershipRemoval"), notMember: count("MembershipNotFoundError"), unknown: count("OutcomeUnknownError") });
      expect(answer.removed + answer.notMember + answer.failed + answer.unknown).toBe(MEMBERS);
      // The mix really exercised recoveries and ambiguity, and most users did leave the group.
      expect(answer.removed).toBeGreaterThan(MEMBERS / 2);
      expect(answer.unknown).toBeGreaterThan(0);
      // Every route counts, reads included: each bulk item makes its calls one after another.
      expect(p.sim(facade).maxInFlight).toBeLessThanOrEqual(8);
    });

    it("removes a user named twice once, and answers at both positions", async () => {
      const named = p.kinds.flatMap((kind, i) => {
        const ref = refOf(p, i, kind);
        // The same user again: UUIDs, usernames and emails compare case-insensitively.
        return [ref, { [kind]: ref[kind]?.toUpperCase() }];
      });
      const answer = await bulkAnswer(facade, p, named);

      expect(answer.results.map((r) => r.user?.id)).toEqual(p.kinds.flatMap((_, i) => [p.member(i).uuid, p.member(i).uuid]));
      expect(answer).toMatchObject({ removed: named.length, notMember: 0, failed: 0, unknown: 0 });
      expect(p.sim(facade).requestsTo("removeUser")).toHaveLength(p.kinds.length);
    });

    it("answers a bad ref at its own position and removes the others", async () => {
      const answer = await bulkAnswer(facade, p, [refOf(p, 0, "uuid"), { username: ".." }, refOf(p, 1, "uuid")]);
      expect(answer.results.map((r) => r.__typename)).toEqual(["MembershipRemoval", "InvalidInputError", "MembershipRemoval"]);
      expect(answer.results[1]).toMatchObject({ code: "INVALID_INPUT", field: "userRef.username" });
      expect(answer).toMatchObject({ removed: 2, failed: 1 });
    });

    it("answers InvalidInputError at every position for a bad groupId, and sends nothing", async () => {
      const answer = await bulkAnswer(facade, p, refs(p, 3), "");
      expect(answer.results).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ __typename: "InvalidInputError", field: "groupId" })));
      expect(answer).toMatchObject({ removed: 0, failed: 3 });
      expect(p.sim(facade).requests).toHaveLength(0);
    });

    it("refuses more than 1000 refs with a BAD_USER_INPUT error naming the cap, before any upstream call", async () => {
      const response = await removeMany(facade, p.provider, p.groupId, Array.from({ length: 1001 }, (_, i) => refOf(p, i % MEMBERS, "uuid")));
      expect(response.body.data).toBeNull();
      expect(response.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("at most 1000"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: 1000 }) })]);
      expect(p.sim(facade).requests).toHaveLength(0);
    });
  });

  describe("when the provider answers Retry-After", () => {
    let facade: Facade;
    afterEach(() => facade.close());
    const removals = () => p.sim(facade).requestsTo("removeUser");

    it("holds the whole batch back for a Retry-After one item met, then removes every user", async () => {
      facade = await startFacade({ ...seeded, bulk: { concurrency: 2, maxRefs: 1000 } });
      p.sim(facade).script("removeUser", [p.rateLimited("1")]);
      const answer = await bulkAnswer(facade, p, refs(p, 20));

      expect(answer).toMatchObject({ removed: 20, failed: 0, unknown: 0 });
      // Ordering, not timing: without the pause the other 19 users would all be sent during that
      // second; with it, only those already under way (at most one per place) go before the retry.
      const paths = removals().map((r) => r.path);
      const retry = paths.indexOf(paths[0] as string, 1);
      expect(retry).toBeGreaterThan(0);
      expect(retry - 1).toBeLessThanOrEqual(4);
    });

    it("tries a user once more after the pause when the Retry-After did not fit its own deadline", async () => {
      facade = await startFacade({ ...seeded, upstream: { timeoutMs: 500, deadlineMs: 1000, maxAttempts: 3 }, bulk: { concurrency: 2, maxRefs: 1000 } });
      p.sim(facade).script("removeUser", [p.rateLimited("1")]);
      const answer = await bulkAnswer(facade, p, refs(p, 4));

      expect(answer).toMatchObject({ removed: 4, failed: 0 });
      const paths = removals().map((r) => r.path);
      expect(paths.filter((path) => path === paths[0])).toHaveLength(2);
    });

    it("answers RateLimitedError without sending the rest when the Retry-After is longer than a batch waits", async () => {
      facade = await startFacade({ ...seeded, bulk: { concurrency: 1, maxRefs: 1000 } });
      p.sim(facade).script("removeUser", [p.rateLimited("30")]);
      const answer = await bulkAnswer(facade, p, refs(p, 5));

      expect(answer).toMatchObject({ removed: 0, failed: 5 });
      for (const result of answer.results) {
        expect(result).toMatchObject({ __typename: "RateLimitedError", code: "RATE_LIMITED" });
        expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(29);
      }
      expect(removals()).toHaveLength(1);
      expect(Array.from({ length: 5 }, (_, i) => p.isMember(facade, p.member(i).uuid))).toEqual([true, true, true, true, true]);
    });
  });
});

/** The request cap holds on both ways a request is run: the fast lane, and Apollo Server (which takes any request asking for a federated trace). */
const LANES = [
  { lane: "the fast lane", headers: {} },
  { lane: "Apollo Server", headers: { "apollo-federation-include-trace": "ftv1" } },
] as const;

const RESULTS = "removed notMember failed unknown";

describe.each(LANES)("BULK_MAX_REFS per request, through $lane", ({ headers }) => {
  const send = (f: Facade, query: string, variables: Record<string, unknown>) =>
    request(f.url).post("").set("content-type", "application/json").set(headers).send({ query, variables });
  const expectRefused = (f: Facade, response: request.Response, asked: number, cap: number) => {
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`${asked} refs.*at most ${cap}`)),
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: cap }),
      }),
    ]);
    expect(f.blueshift.requests).toHaveLength(0);
    expect(f.usergrid.requests).toHaveLength(0);
  };

  describe("at its default of 1000", () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade(seeded);
    });
    afterAll(() => facade.close());
    beforeEach(() => {
      facade.blueshift.reset();
      facade.usergrid.reset();
    });

    it("refuses 15 aliases and a fragment over one 1,000-ref list whole, before sending anything", async () => {
      const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: removeUsersFromGroup(provider: BLUESHIFT, groupId: $groupId, userRefs: $refs) { ${RESULTS} }`);
      const query = /* GraphQL */ `
        mutation Many($groupId: ID!, $refs: [UserRef!]!) { ${aliases.join("\n")} ...More }
        fragment More on Mutation { removeUsersFromGroup(provider: BLUESHIFT, groupId: $groupId, userRefs: $refs) { ${RESULTS} } }
      `;
      const list = refs(blueshift, MEMBERS).concat(refs(blueshift, 1000 - MEMBERS));
      expectRefused(facade, await send(facade, query, { groupId: BLUESHIFT_BULK_GROUP_ID, refs: list }), 16_000, 1000);
      expect(facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, bulkCustomer(0).uuid)).toBe(true);
    });

    it("counts a single removal with the bulk refs, and refuses the request whole even when the single removal comes first", async () => {
      const query = /* GraphQL */ `
        mutation Mixed($groupId: ID!, $uuid: UUID!, $refs: [UserRef!]!) {
          one: removeUserFromGroup(provider: USERGRID, groupId: $groupId, userRef: { uuid: $uuid }) { __typename }
          many: removeUsersFromGroup(provider: USERGRID, groupId: $groupId, userRefs: $refs) { ${RESULTS} }
        }
      `;
      const list = refs(usergrid, MEMBERS).concat(refs(usergrid, 1000 - MEMBERS));
      const uuid = usergrid.member(0).uuid;
      expectRefused(facade, await send(facade, query, { groupId: USERGRID_BULK_GROUP.path, uuid, refs: list }), 1001, 1000);
      expect(facade.usergrid.isMember(USERGRID_BULK_GROUP.path, uuid)).toBe(true);
    });
  });

  describe("set to 10", () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade({ ...seeded, bulk: { concurrency: 8, maxRefs: 10 } });
    });
    afterAll(() => facade.close());
    beforeEach(() => {
      facade.blueshift.reset();
      facade.usergrid.reset();
    });

    const twoProviders = /* GraphQL */ `
      mutation Both($blueshiftRefs: [UserRef!]!, $usergridRefs: [UserRef!]!, $skipUsergrid: Boolean = false) {
        blueshift: removeUsersFromGroup(provider: BLUESHIFT, groupId: "${BLUESHIFT_BULK_GROUP_ID}", userRefs: $blueshiftRefs) { ${RESULTS} }
        usergrid: removeUsersFromGroup(provider: USERGRID, groupId: "${USERGRID_BULK_GROUP.path}", userRefs: $usergridRefs) @skip(if: $skipUsergrid) { ${RESULTS} }
      }
    `;

    it("runs fields whose refs add up to the cap, across providers", async () => {
      const response = await send(facade, twoProviders, { blueshiftRefs: refs(blueshift, 5), usergridRefs: refs(usergrid, 5) });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({
        blueshift: { removed: 5, notMember: 0, failed: 0, unknown: 0 },
        usergrid: { removed: 5, notMember: 0, failed: 0, unknown: 0 },
      });
    });

    it("refuses one ref more than the cap across providers, sending nothing to either", async () => {
      expectRefused(facade, await send(facade, twoProviders, { blueshiftRefs: refs(blueshift, 6), usergridRefs: refs(usergrid, 5) }), 11, 10);
    });

    it("does not count a field the request skips", async () => {
      const response = await send(facade, twoProviders, { blueshiftRefs: refs(blueshift, 10), usergridRefs: refs(usergrid, 10), skipUsergrid: true });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({ blueshift: { removed: 10, notMember: 0, failed: 0, unknown: 0 } });
      expect(facade.usergrid.requestsTo("removeUser")).toHaveLength(0);
    });
  });
});
