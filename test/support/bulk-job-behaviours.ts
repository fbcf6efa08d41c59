import request from "supertest";
import { setTimeout as sleep } from "node:timers/promises";
import { UserRefKind } from "../../src/graphql/user-ref-kind.enum";
import type { RunUnit } from "../../src/jobs/bulk-jobs";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftDemo, blueshiftFaults, bulkCustomer, type BlueshiftSeed } from "../../src/simulators/blueshift/simulator";
import { USERGRID_BULK_GROUP, bulkUser, usergridBulkSeed, usergridDemo, type UsergridSeed } from "../../src/simulators/usergrid/simulator";
import type { SimulatorHandle } from "../../src/simulators/kit/simulator-handle";
import { callerToken, SECRET_AUTH } from "./caller-tokens";
import type { Facade, FacadeOptions } from "./facade";
import { LEVEL, logCapture } from "./log-capture";
import { sample, scrape } from "./metric-sample";

/**
 * docs/contract.md §7 and §8's behaviours of bulk-removal jobs, through real HTTP against the
 * simulators, as one table any engine runs (graphql-http runs one audit list against every
 * adapter): `start` starts a facade with the engine under test, given the options each behaviour
 * needs (passing `bulkJobs`, a factory, for an engine other than the in-process default, and
 * honouring `bulkJobTtlMs` and `bulkJobMaxRefs`). With `runUnit`, the engine removes each unit's
 * user through it, wrapped around its own way (UnitRunner's RunUnit option). Durability is not
 * here: it is the Redis engine's own.
 */
export type StartJobsFacade = (options: FacadeOptions, runUnit?: (removal: RunUnit) => RunUnit) => Promise<Facade>;

const JOB_FIELDS = "id provider groupId status total done removed notMember failed unknown createdAt startedAt finishedAt";

export const START_BULK_REMOVAL = /* GraphQL */ `
  mutation Start($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!, $clientJobId: String) {
    startBulkRemoval(provider: $provider, groupId: $groupId, userRefs: $userRefs, clientJobId: $clientJobId) { ${JOB_FIELDS} }
  }
`;
const BULK_REMOVAL = /* GraphQL */ `query Job($id: ID!) { bulkRemoval(id: $id) { ${JOB_FIELDS} } }`;
const CANCEL_BULK_REMOVAL = /* GraphQL */ `mutation Cancel($id: ID!) { cancelBulkRemoval(id: $id) { ${JOB_FIELDS} } }`;
const RESULTS = /* GraphQL */ `
  query Results($id: ID!, $first: Int, $after: String) {
    bulkRemoval(id: $id) {
      results(first: $first, after: $after) {
        edges {
          cursor
          node {
            index
            result {
              __typename
              ... on MembershipRemoval { user { id } }
              ... on MembershipError { code }
              ... on InvalidInputError { field }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export interface JobAnswer {
  id: string;
  provider: string;
  groupId: string;
  status: "QUEUED" | "RUNNING" | "COMPLETED" | "CANCELED";
  total: number;
  done: number;
  removed: number;
  notMember: number;
  failed: number;
  unknown: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface ItemAnswer {
  index: number;
  result: { __typename: string; user?: { id: string }; code?: string; field?: string };
}

type RefKind = "uuid" | "username" | "email";
type Ref = Partial<Record<RefKind, string>>;

/** Every user of the seeded bulk group; USERS − MEMBERS more exist outside it. */
const MEMBERS = 1200;
const USERS = 1500;
const JOB_SIZE = 2000;

interface JobCase {
  provider: "BLUESHIFT" | "USERGRID";
  groupId: string;
  kinds: readonly RefKind[];
  /** User `i` of the seed: members of the bulk group below MEMBERS, outside it from there to USERS. */
  user(i: number): { uuid: string; username?: string; email: string };
  sim(f: Facade): SimulatorHandle<string>;
  isMember(f: Facade, uuid: string): boolean;
  /** USERS users, the first MEMBERS of them in the bulk group. */
  seeds: Pick<FacadeOptions, "blueshiftSimulator" | "usergridSimulator">;
}

function blueshiftSeed(): BlueshiftSeed {
  const seed = blueshiftBulkSeed(USERS);
  return { ...seed, groups: seed.groups.map((g) => (g.groupId === BLUESHIFT_BULK_GROUP_ID ? { ...g, memberUuids: g.memberUuids.slice(0, MEMBERS) } : g)) };
}

function usergridSeed(): UsergridSeed {
  const seed = usergridBulkSeed(USERS);
  return { ...seed, groups: seed.groups.map((g) => (g.path === USERGRID_BULK_GROUP.path ? { ...g, memberUuids: g.memberUuids.slice(0, MEMBERS) } : g)) };
}

const blueshift: JobCase = {
  provider: "BLUESHIFT",
  groupId: BLUESHIFT_BULK_GROUP_ID,
  kinds: ["uuid", "email"],
  user: bulkCustomer,
  sim: (f) => f.blueshift,
  isMember: (f, uuid) => f.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, uuid),
  seeds: { blueshiftSimulator: { seed: blueshiftSeed() } },
};

const usergrid: JobCase = {
  provider: "USERGRID",
  groupId: USERGRID_BULK_GROUP.path,
  kinds: ["uuid", "username", "email"],
  user: bulkUser,
  sim: (f) => f.usergrid,
  isMember: (f, uuid) => f.usergrid.isMember(USERGRID_BULK_GROUP.path, uuid),
  seeds: { usergridSimulator: { seed: usergridSeed() } },
};

interface Planned {
  ref: Ref;
  typename: string;
  /** The user a MembershipRemoval names. */
  userId?: string;
}

function refOf(p: JobCase, i: number, kind: RefKind): Ref {
  const value = p.user(i)[kind];
  if (value === undefined) throw new Error(`${p.provider} users have no ${kind}`);
  return { [kind]: value };
}

/**
 * JOB_SIZE refs, each with the answer removeUserFromGroup gives it: in every ten, six distinct
 * members (the ref kinds taking turns), a user outside the group, a user that does not exist, a ref
 * refused before any call (a username of ".."), and the fourth member of the ten again in upper case.
 */
function mixedJob(p: JobCase): Planned[] {
  const planned: Planned[] = [];
  let member = 0;
  for (let i = 0; i < JOB_SIZE; i += 1) {
    const slot = i % 10;
    if (slot < 6) {
      const kind = p.kinds[member % p.kinds.length] as RefKind;
      planned.push({ ref: refOf(p, member, kind), typename: "MembershipRemoval", userId: p.user(member).uuid });
      member += 1;
    } else if (slot === 6) {
      planned.push({ ref: refOf(p, MEMBERS + Math.floor(i / 10), "uuid"), typename: "MembershipNotFoundError" });
    } else if (slot === 7) {
      planned.push({ ref: refOf(p, 1_000_000 + i, "uuid"), typename: "UserNotFoundError" });
    } else if (slot === 8) {
      planned.push({ ref: { username: ".." }, typename: "InvalidInputError" });
    } else {
      const earlier = planned[i - 6] as Planned;
      const [kind, value] = Object.entries(earlier.ref)[0] as [RefKind, string];
      planned.push({ ref: { [kind]: value.toUpperCase() }, typename: earlier.typename, userId: earlier.userId });
    }
  }
  return planned;
}

interface Client {
  /** The whole HTTP response to one operation, as `token`'s caller (or anonymously). */
  send(query: string, variables: Record<string, unknown>, token?: string): Promise<request.Response>;
  start(p: Pick<JobCase, "provider" | "groupId">, userRefs: readonly Ref[], options?: { clientJobId?: string; token?: string }): Promise<JobAnswer>;
  job(id: string, token?: string): Promise<JobAnswer | null>;
  cancel(id: string, token?: string): Promise<JobAnswer | null>;
  page(id: string, first: number | null, after: string | null, token?: string): Promise<{ edges: Array<{ cursor: string; node: ItemAnswer }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>;
  /** Every answered position, page by page. */
  allResults(id: string, pageSize: number, token?: string): Promise<ItemAnswer[]>;
  /** Polls the job until `done` says so; no deadline but the test's own. */
  until(id: string, done: (job: JobAnswer) => boolean, token?: string): Promise<JobAnswer>;
}

function clientOf(facade: Facade): Client {
  const send = (query: string, variables: Record<string, unknown>, token?: string) => {
    const call = request(facade.url).post("").set("content-type", "application/json");
    return (token ? call.set("authorization", `Bearer ${token}`) : call).send({ query, variables });
  };
  const data = async <T>(query: string, variables: Record<string, unknown>, field: string, token?: string): Promise<T> => {
    const response = await send(query, variables, token);
    if (response.body.errors) throw new Error(`unexpected top-level errors: ${JSON.stringify(response.body.errors).slice(0, 1000)}`);
    return response.body.data[field] as T;
  };
  const client: Client = {
    send,
    start: (p, userRefs, options = {}) =>
      data(START_BULK_REMOVAL, { provider: p.provider, groupId: p.groupId, userRefs, clientJobId: options.clientJobId ?? null }, "startBulkRemoval", options.token),
    job: (id, token) => data(BULK_REMOVAL, { id }, "bulkRemoval", token),
    cancel: (id, token) => data(CANCEL_BULK_REMOVAL, { id }, "cancelBulkRemoval", token),
    page: async (id, first, after, token) => {
      const job = await data<{ results: Awaited<ReturnType<Client["page"]>> } | null>(RESULTS, { id, first, after }, "bulkRemoval", token);
      if (!job) throw new Error(`job ${id} is gone`);
      return job.results;
    },
    allResults: async (id, pageSize, token) => {
      const items: ItemAnswer[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await client.page(id, pageSize, after, token);
        items.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) return items;
        after = page.pageInfo.endCursor;
      }
    },
    until: async (id, done, token) => {
      for (;;) {
        const job = await client.job(id, token);
        if (!job) throw new Error(`job ${id} is gone`);
        if (done(job)) return job;
        await sleep(20);
      }
    },
  };
  return client;
}

const finished = (job: JobAnswer) => job.finishedAt !== null;

export function describeBulkJobBehaviours(engine: string, start: StartJobsFacade): void {
  describe.each([blueshift, usergrid])(`bulk-removal jobs (${engine}) on $provider`, (p) => {
    let facade: Facade;
    let client: Client;
    beforeAll(async () => {
      facade = await start({ ...p.seeds });
      client = clientOf(facade);
    });
    afterAll(() => facade.close());
    beforeEach(() => p.sim(facade).reset());

    it("completes a job of 2,000 mixed refs with removeUserFromGroup's answer at each position, and the counts add up", async () => {
      const planned = mixedJob(p);
      const started = await client.start(p, planned.map((x) => x.ref));
      expect(started).toMatchObject({ provider: p.provider, groupId: p.groupId, total: JOB_SIZE, startedAt: null, finishedAt: null });
      // Refs refused before any call may be answered already; nothing has been sent yet.
      expect(started.status).toBe("QUEUED");

      const job = await client.until(started.id, finished);
      expect(job).toMatchObject({ status: "COMPLETED", total: JOB_SIZE, done: JOB_SIZE, removed: 1400, notMember: 200, failed: 400, unknown: 0 });
      expect(job.removed + job.notMember + job.failed + job.unknown).toBe(job.done);
      expect(Date.parse(job.createdAt)).toBeLessThanOrEqual(Date.parse(job.startedAt ?? ""));
      expect(Date.parse(job.startedAt ?? "")).toBeLessThanOrEqual(Date.parse(job.finishedAt ?? ""));

      const items = await client.allResults(job.id, 333);
      expect(items.map((item) => item.index)).toEqual(planned.map((_, i) => i));
      const wrong = items.flatMap(({ index, result }) => {
        const want = planned[index] as Planned;
        const right = result.__typename === want.typename && (want.userId === undefined || result.user?.id === want.userId);
        return right ? [] : [`#${index} ${JSON.stringify(want.ref)}: want ${want.typename} ${want.userId ?? ""}, got ${JSON.stringify(result)}`];
      });
      expect(wrong).toEqual([]);
      expect(items[8]?.result).toMatchObject({ code: "INVALID_INPUT", field: "userRef.username" });

      // What the simulator holds agrees: every member named left the group, the others were untouched.
      const stillMembers = Array.from({ length: MEMBERS }, (_, i) => i).filter((i) => p.isMember(facade, p.user(i).uuid));
      expect(stillMembers).toEqual([]);
      // A user named twice was removed once; refused refs were never sent.
      expect(p.sim(facade).requestsTo("removeUser").length).toBeLessThanOrEqual(MEMBERS + 200 + 200);
      expect(p.sim(facade).maxInFlight).toBeLessThanOrEqual(8);
    });

    it("pages the results in the order of userRefs with opaque cursors, and refuses a page over 1000 or a foreign cursor", async () => {
      const refs = Array.from({ length: 25 }, (_, i) => refOf(p, i, "uuid"));
      const { id } = await client.start(p, refs);
      await client.until(id, finished);

      const first = await client.page(id, 10, null);
      expect(first.edges.map((e) => e.node.index)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[9]?.cursor });
      const rest = await client.page(id, 100, first.pageInfo.endCursor);
      expect(rest.edges.map((e) => e.node.index)).toEqual(Array.from({ length: 15 }, (_, i) => i + 10));
      expect(rest.pageInfo.hasNextPage).toBe(false);
      // The default page is 100: every position of this job.
      expect((await client.page(id, null, null)).edges).toHaveLength(25);

      const tooMany = await client.send(RESULTS, { id, first: 1001 });
      expect(tooMany.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("1000"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
      const forged = await client.send(RESULTS, { id, first: 10, after: "not-a-cursor" });
      expect(forged.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
    });

    it("stops a canceled job before its next ref: refs never started are never sent, answered ones keep their answers", async () => {
      const refs = Array.from({ length: 300 }, (_, i) => refOf(p, i, "uuid"));
      // Slow answers keep the job running while it is canceled.
      p.sim(facade).setLatency(40);
      const { id } = await client.start(p, refs);
      while (p.sim(facade).requestsTo("removeUser").length < 3) await sleep(5);

      const canceled = await client.cancel(id);
      expect(canceled?.status).toBe("CANCELED");
      const job = await client.until(id, finished);
      expect(job.status).toBe("CANCELED");
      expect(job.done).toBeLessThan(refs.length);
      expect(job).toMatchObject({ removed: job.done, notMember: 0, failed: 0, unknown: 0 });

      // Every ref sent was answered, and no ref without an answer was sent or applied.
      expect(p.sim(facade).requestsTo("removeUser")).toHaveLength(job.done);
      const answered = new Set((await client.allResults(id, 1000)).map((item) => item.index));
      expect(answered.size).toBe(job.done);
      const disagreements = refs.flatMap((_, i) => (answered.has(i) === !p.isMember(facade, p.user(i).uuid) ? [] : [i]));
      expect(disagreements).toEqual([]);
      // Canceling again changes nothing.
      expect(await client.cancel(id)).toEqual(job);
    });

    it("answers a job whose refs are all refused without sending anything", async () => {
      const { id } = await client.start({ provider: p.provider, groupId: ".." }, [refOf(p, 0, "uuid"), refOf(p, 1, "email")]);
      const job = await client.until(id, finished);
      expect(job).toMatchObject({ status: "COMPLETED", total: 2, done: 2, failed: 2 });
      expect((await client.allResults(id, 10)).map((i) => i.result)).toEqual([
        expect.objectContaining({ __typename: "InvalidInputError", field: "groupId" }),
        expect.objectContaining({ __typename: "InvalidInputError", field: "groupId" }),
      ]);
      expect(p.sim(facade).requests).toHaveLength(0);
    });

    it("refuses the whole request, queuing nothing, when a ref fails the schema's scalars", async () => {
      const response = await client.send(START_BULK_REMOVAL, { provider: p.provider, groupId: p.groupId, userRefs: [refOf(p, 0, "uuid"), { uuid: "not-a-uuid" }] });
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
      // A later job's refs are all the simulator ever sees.
      const { id } = await client.start(p, [refOf(p, 1, "uuid")]);
      await client.until(id, finished);
      expect(p.sim(facade).requestsTo("removeUser")).toHaveLength(1);
      expect(p.isMember(facade, p.user(0).uuid)).toBe(true);
    });
  });

  describe(`bulk-removal jobs (${engine}): refs a provider cannot serve`, () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await start({ ...blueshift.seeds });
    });
    afterAll(() => facade.close());

    it("answers a Blueshift username ref UnsupportedUserRefError at its own position and removes the rest", async () => {
      const client = clientOf(facade);
      const { id } = await client.start(blueshift, [refOf(blueshift, 0, "uuid"), { username: "bulk.customer.1" }, refOf(blueshift, 2, "email")]);
      const job = await client.until(id, finished);
      expect(job).toMatchObject({ status: "COMPLETED", done: 3, removed: 2, failed: 1 });
      expect((await client.allResults(id, 10)).map((i) => [i.index, i.result.__typename, i.result.code])).toEqual([
        [0, "MembershipRemoval", undefined],
        [1, "UnsupportedUserRefError", "UNSUPPORTED_USER_REF"],
        [2, "MembershipRemoval", undefined],
      ]);
    });
  });

  describe(`bulk-removal jobs (${engine}): callers`, () => {
    let facade: Facade;
    let client: Client;
    let alice: string;
    let bob: string;
    beforeAll(async () => {
      facade = await start({ ...usergrid.seeds, auth: SECRET_AUTH });
      client = clientOf(facade);
      alice = await callerToken();
      bob = await callerToken({ sub: "ops-bob" });
    });
    afterAll(() => facade.close());

    it("returns the same job for a clientJobId its caller used before, and a new one to another caller", async () => {
      const refs = [refOf(usergrid, 10, "uuid"), refOf(usergrid, 11, "username")];
      const first = await client.start(usergrid, refs, { clientJobId: "cleanup-2025-01", token: alice });
      const again = await client.start(usergrid, refs, { clientJobId: "cleanup-2025-01", token: alice });
      expect(again.id).toBe(first.id);
      expect(await client.until(first.id, finished, alice)).toMatchObject({ status: "COMPLETED", removed: 2 });
      expect(usergrid.sim(facade).requestsTo("removeUser")).toHaveLength(2);

      const bobs = await client.start(usergrid, refs, { clientJobId: "cleanup-2025-01", token: bob });
      expect(bobs.id).not.toBe(first.id);
      // A job of its own: it sends again, and finds the users Alice's job removed gone.
      expect(await client.until(bobs.id, finished, bob)).toMatchObject({ status: "COMPLETED", notMember: 2 });
    });

    it("refuses a clientJobId its caller used for another provider, group or list of refs with CLIENT_JOB_ID_REUSED, sending nothing; the same request again is the same job", async () => {
      const refs = Array.from({ length: 10 }, (_, i) => refOf(usergrid, 20 + i, "uuid"));
      const first = await client.start(usergrid, refs, { clientJobId: "quarterly-cleanup", token: alice });
      expect(await client.until(first.id, finished, alice)).toMatchObject({ status: "COMPLETED", removed: 10 });
      usergrid.sim(facade).clearRequests();
      facade.blueshift.clearRequests();

      const newRefs = Array.from({ length: 30 }, (_, i) => refOf(usergrid, 30 + i, "uuid"));
      const reuses: Array<[string, { provider: string; groupId: string; userRefs: readonly Ref[] }]> = [
        ["another group and 30 new refs", { provider: "USERGRID", groupId: usergridDemo.groupPath, userRefs: newRefs }],
        ["another provider", { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRefs: refs }],
        ["30 new refs", { provider: "USERGRID", groupId: usergrid.groupId, userRefs: newRefs }],
        ["the same refs in another order", { provider: "USERGRID", groupId: usergrid.groupId, userRefs: [...refs].reverse() }],
        ["one ref fewer", { provider: "USERGRID", groupId: usergrid.groupId, userRefs: refs.slice(1) }],
        ["the same users named by another kind of ref", { provider: "USERGRID", groupId: usergrid.groupId, userRefs: refs.map((_, i) => refOf(usergrid, 20 + i, "username")) }],
      ];
      for (const [change, variables] of reuses) {
        const response = await client.send(START_BULK_REMOVAL, { ...variables, clientJobId: "quarterly-cleanup" }, alice);
        expect([change, response.body.data]).toEqual([change, null]);
        expect([change, response.body.errors]).toEqual([change, [expect.objectContaining({ message: expect.stringContaining("clientJobId"), extensions: expect.objectContaining({ code: "CLIENT_JOB_ID_REUSED" }) })]]);
      }
      // Nothing was queued: neither provider heard of it, and the new refs are all still members.
      expect(usergrid.sim(facade).requests).toHaveLength(0);
      expect(facade.blueshift.requests).toHaveLength(0);
      expect(newRefs.filter((ref) => !usergrid.isMember(facade, ref.uuid as string))).toEqual([]);

      const again = await client.start(usergrid, refs, { clientJobId: "quarterly-cleanup", token: alice });
      expect(again).toMatchObject({ id: first.id, groupId: usergrid.groupId, total: 10 });
    });

    it("keeps every (caller, clientJobId) pair apart whatever characters they hold: 'alice\\nx' with 'y' never reaches 'alice' with 'x\\ny'", async () => {
      const plainAlice = await callerToken({ sub: "alice" });
      const newlineAlice = await callerToken({ sub: "alice\nx" });
      const first = await client.start(usergrid, [refOf(usergrid, 60, "uuid")], { clientJobId: "x\ny", token: plainAlice });
      expect(await client.until(first.id, finished, plainAlice)).toMatchObject({ status: "COMPLETED", removed: 1 });

      const second = await client.start(usergrid, [refOf(usergrid, 61, "uuid"), refOf(usergrid, 62, "uuid")], { clientJobId: "y", token: newlineAlice });
      expect(second.id).not.toBe(first.id);
      expect(second).toMatchObject({ groupId: usergrid.groupId, total: 2 });
      expect(await client.job(first.id, newlineAlice)).toBeNull();
      expect(await client.until(second.id, finished, newlineAlice)).toMatchObject({ status: "COMPLETED", removed: 2 });
      // Each caller's clientJobId still names that caller's own job.
      expect((await client.start(usergrid, [refOf(usergrid, 60, "uuid")], { clientJobId: "x\ny", token: plainAlice })).id).toBe(first.id);
      expect((await client.start(usergrid, [refOf(usergrid, 61, "uuid"), refOf(usergrid, 62, "uuid")], { clientJobId: "y", token: newlineAlice })).id).toBe(second.id);
    });

    it("shows a job to no one but the caller who started it: null for bulkRemoval and cancelBulkRemoval", async () => {
      usergrid.sim(facade).setLatency(40);
      const refs = Array.from({ length: 40 }, (_, i) => refOf(usergrid, 100 + i, "uuid"));
      const { id } = await client.start(usergrid, refs, { token: alice });
      expect(await client.job(id, bob)).toBeNull();
      expect(await client.cancel(id, bob)).toBeNull();
      const page = await client.send(RESULTS, { id, first: 10 }, bob);
      expect(page.body.data.bulkRemoval).toBeNull();
      // Bob's cancel did nothing: Alice's job runs to its end.
      expect(await client.until(id, finished, alice)).toMatchObject({ status: "COMPLETED", removed: 40 });
      usergrid.sim(facade).reset();
    });

    it("answers null for an id that names no job", async () => {
      expect(await client.job("00000000-0000-4000-8000-000000000000", alice)).toBeNull();
      expect(await client.cancel("no-such-job", alice)).toBeNull();
    });

    it("needs the removal scope to start, cancel or read a job", async () => {
      const reader = await callerToken({ scope: "openid" });
      const { id } = await client.start(usergrid, [refOf(usergrid, 200, "uuid")], { token: alice });
      for (const [query, variables] of [
        [START_BULK_REMOVAL, { provider: "USERGRID", groupId: usergrid.groupId, userRefs: [refOf(usergrid, 201, "uuid")] }],
        [CANCEL_BULK_REMOVAL, { id }],
        [BULK_REMOVAL, { id }],
      ] as const) {
        const response = await client.send(query, variables, reader);
        expect(response.status).toBe(403);
        expect(response.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN" }) })]);
      }
      expect(usergrid.isMember(facade, usergrid.user(201).uuid)).toBe(true);
    });
  });

  describe(`bulk-removal jobs (${engine}): the cap on refs and the time a finished job is kept`, () => {
    let facade: Facade;
    let client: Client;
    beforeAll(async () => {
      facade = await start({ ...blueshift.seeds, bulkJobMaxRefs: 50, bulkJobTtlMs: 1000 });
      client = clientOf(facade);
    });
    afterAll(() => facade.close());

    it("refuses more refs than BULK_JOB_MAX_REFS, over every alias together, with BAD_USER_INPUT naming the cap, and queues nothing", async () => {
      const refs = (from: number, count: number) => Array.from({ length: count }, (_, i) => refOf(blueshift, from + i, "uuid"));
      const over = await client.send(START_BULK_REMOVAL, { provider: blueshift.provider, groupId: blueshift.groupId, userRefs: refs(0, 51), clientJobId: null });
      expect(over.body.data).toBeNull();
      expect(over.body.errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining("at most 50"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: 50 }) }),
      ]);
      const aliased = await client.send(
        /* GraphQL */ `
          mutation Two($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {
            a: startBulkRemoval(provider: $provider, groupId: $groupId, userRefs: $userRefs) { id }
            b: startBulkRemoval(provider: $provider, groupId: $groupId, userRefs: $userRefs) { id }
          }
        `,
        { provider: blueshift.provider, groupId: blueshift.groupId, userRefs: refs(100, 30) },
      );
      expect(aliased.body.data).toBeNull();
      expect(aliased.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: 50 }) })]);

      // At the cap a job runs, and its refs are the only ones the simulator ever received.
      const { id } = await client.start(blueshift, refs(200, 50));
      expect(await client.until(id, finished)).toMatchObject({ status: "COMPLETED", removed: 50 });
      expect(blueshift.sim(facade).requestsTo("removeUser")).toHaveLength(50);
      const untouched = [...refs(0, 51), ...refs(100, 30)].filter((ref) => !blueshift.isMember(facade, ref.uuid as string));
      expect(untouched).toEqual([]);
    });

    it("forgets a finished job, and its clientJobId, once BULK_JOB_TTL_HOURS has passed", async () => {
      const { id } = await client.start(blueshift, [refOf(blueshift, 300, "uuid")], { clientJobId: "short-lived" });
      expect((await client.until(id, finished)).status).toBe("COMPLETED");
      while ((await client.job(id)) !== null) await sleep(50);
      const again = await client.start(blueshift, [refOf(blueshift, 301, "uuid")], { clientJobId: "short-lived" });
      expect(again.id).not.toBe(id);
    });
  });

  describe(`bulk-removal jobs (${engine}): when the provider asks them to wait (Retry-After)`, () => {
    let facade: Facade;
    let client: Client;
    afterEach(() => facade.close());
    const refs = (count: number) => Array.from({ length: count }, (_, i) => refOf(blueshift, i, "uuid"));
    /** removeUser requests for user `i` of the seed. */
    const sentFor = (i: number) => facade.blueshift.requestsTo("removeUser").filter((r) => r.path.split("?")[0]?.endsWith(`/${blueshift.user(i).uuid}`));
    // A Retry-After longer than a removal's deadline ends the call at once with RateLimitedError
    // (docs/contract.md §7); the job's unit then waits out the pause, however its engine waits.
    const startPaused = async (maxPauseS: number) => {
      facade = await start({ ...blueshift.seeds, bulk: { concurrency: 1, maxRefs: 1000 }, upstream: { maxPauseS, timeoutMs: 500, deadlineMs: 1_000 } });
      client = clientOf(facade);
    };

    it("waits out a pause longer than a removal's deadline, for UPSTREAM_MAX_PAUSE_S and not the day the provider asked for, then sends the ref again and completes the job", async () => {
      await startPaused(2);
      facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("86400")]);
      const { id } = await client.start(blueshift, refs(5));
      expect(await client.until(id, finished)).toMatchObject({ status: "COMPLETED", done: 5, removed: 5, failed: 0 });
      expect(sentFor(0)).toHaveLength(2);
      expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(6);
    });

    it("sends a ref refused for a Retry-After once more after the pause; refused again, RateLimitedError is its answer and it stays a member", async () => {
      await startPaused(60);
      facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("1"), blueshiftFaults.rateLimited("1")]);
      const { id } = await client.start(blueshift, refs(5));
      expect(await client.until(id, finished)).toMatchObject({ status: "COMPLETED", done: 5, removed: 4, failed: 1 });
      const items = await client.allResults(id, 10);
      expect(items.map((item) => item.result.__typename)).toEqual(["RateLimitedError", "MembershipRemoval", "MembershipRemoval", "MembershipRemoval", "MembershipRemoval"]);
      expect(items[0]?.result.code).toBe("RATE_LIMITED");
      expect(sentFor(0)).toHaveLength(2);
      expect(blueshift.isMember(facade, blueshift.user(0).uuid)).toBe(true);
    });

    it("ends a job canceled while its refs wait out a pause at once, sending nothing more", async () => {
      // Longer than the test may run: the job's end cannot be the pause's.
      await startPaused(60);
      facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("60")]);
      const { id } = await client.start(blueshift, refs(5));
      while (facade.blueshift.requestsTo("removeUser").length < 1) await sleep(5);

      expect((await client.cancel(id))?.status).toBe("CANCELED");
      expect(await client.until(id, finished)).toMatchObject({ status: "CANCELED", done: 0 });
      expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
      expect(refs(5).filter((ref) => !blueshift.isMember(facade, ref.uuid as string))).toEqual([]);
    });
  });

  describe(`bulk-removal jobs (${engine}): a defect of this server while removing one ref`, () => {
    let facade: Facade;
    const log = logCapture();
    afterAll(() => facade.close());

    it("answers that ref OutcomeUnknownError, logs the defect, and goes on with the job", async () => {
      const broken = blueshift.user(1).uuid;
      facade = await start({ ...blueshift.seeds, log: { level: "error", destination: log.destination } }, (removal) => async (provider, groupId, unit) => {
        if (unit.user.kind === UserRefKind.UUID && unit.user.uuid === broken) throw new Error("a defect of this server");
        return removal(provider, groupId, unit);
      });
      const client = clientOf(facade);
      const { id } = await client.start(blueshift, [refOf(blueshift, 0, "uuid"), refOf(blueshift, 1, "uuid"), refOf(blueshift, 2, "uuid")]);
      expect(await client.until(id, finished)).toMatchObject({ status: "COMPLETED", done: 3, removed: 2, unknown: 1 });
      expect((await client.allResults(id, 10)).map((item) => [item.index, item.result.__typename])).toEqual([
        [0, "MembershipRemoval"],
        [1, "OutcomeUnknownError"],
        [2, "MembershipRemoval"],
      ]);
      expect(log.lines().filter((line) => line.msg === "bulk removal job unit failed")).toEqual([expect.objectContaining({ level: LEVEL.error, jobId: id, provider: "BLUESHIFT" })]);
    });
  });

  describe(`bulk-removal jobs (${engine}): what operators see`, () => {
    let facade: Facade;
    const log = logCapture();
    beforeAll(async () => {
      facade = await start({ ...usergrid.seeds, auth: SECRET_AUTH, log: { level: "info", destination: log.destination } });
    });
    afterAll(() => facade.close());

    it("logs one line per finished job, with its provider, group, counts, duration and the caller's sub, and counts jobs and refs in /metrics", async () => {
      const client = clientOf(facade);
      const token = await callerToken({ sub: "ops-carol" });
      const refs = [refOf(usergrid, 400, "uuid"), refOf(usergrid, MEMBERS + 1, "uuid"), { username: ".." }, refOf(usergrid, 401, "email")];
      const { id } = await client.start(usergrid, refs, { token });
      await client.until(id, finished, token);

      const lines = log.lines().filter((line) => line.msg === "bulk removal job finished" && line.jobId === id);
      expect(lines).toEqual([
        expect.objectContaining({ level: LEVEL.info, provider: "USERGRID", groupId: usergrid.groupId, status: "COMPLETED", total: 4, done: 4, removed: 2, notMember: 1, failed: 1, unknown: 0, owner: "ops-carol", durationMs: expect.any(Number) }),
      ]);
      const metrics = await scrape(facade.metricsUrl);
      expect(sample(metrics, "bulk_removal_jobs_started_total", { provider: "USERGRID" })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, "bulk_removal_jobs_finished_total", { provider: "USERGRID", status: "COMPLETED" })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, "bulk_removal_job_refs_total", { provider: "USERGRID", result: "MembershipRemoval" })).toBeGreaterThanOrEqual(2);
      expect(sample(metrics, "bulk_removal_job_refs_total", { provider: "USERGRID", result: "InvalidInputError" })).toBeGreaterThanOrEqual(1);
      expect(metrics).toMatch(/^bulk_removal_jobs\{status="RUNNING"\} \d+$/m);
    });
  });
}
