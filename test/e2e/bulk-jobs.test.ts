import request from "supertest";
import { setTimeout as sleep } from "node:timers/promises";
import { BULK_JOB_DEFAULTS } from "../../src/config/config";
import { InProcessBulkJobs } from "../../src/jobs/in-process-bulk-jobs";
import { JobTelemetry } from "../../src/jobs/job-telemetry";
import type { BulkJobs, RunUnit } from "../../src/jobs/bulk-jobs";
import { removeUnitWith } from "../../src/jobs/unit-runner";
import { Provider } from "../../src/graphql/provider.enum";
import { describeBulkJobBehaviours, START_BULK_REMOVAL } from "../support/bulk-job-behaviours";
import { startFacade, type BulkJobsFactory, type Facade } from "../support/facade";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftDemo, blueshiftFaults, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { logCapture } from "../support/log-capture";

/** Jobs in this process, each unit's user removed through `runUnit` wrapped around the engine's own way. */
function inProcess(runUnit: (removal: RunUnit) => RunUnit): BulkJobsFactory {
  return async ({ providers, logger, metrics, ttlMs }) => {
    const byProvider = new Map(providers.map((p) => [p.provider, p]));
    return new InProcessBulkJobs({
      providers: byProvider,
      logger,
      telemetry: new JobTelemetry(logger, metrics),
      ttlMs: ttlMs ?? 3_600_000,
      maxRefsPerCaller: BULK_JOB_DEFAULTS.maxRefsPerCaller,
      runUnit: runUnit(removeUnitWith(byProvider)),
    });
  };
}

// docs/contract.md §7 and §8's behaviours with jobs in this process, the default without REDIS_URL.
describeBulkJobBehaviours("in this process", (options, runUnit) => startFacade(runUnit ? { ...options, bulkJobs: inProcess(runUnit) } : options));

describe("bulk-removal jobs while the job store is out of reach", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  it("answers startBulkRemoval with a top-level SERVICE_UNAVAILABLE (HTTP 503) and queues nothing; single removals go on", async () => {
    let engine: InProcessBulkJobs | undefined;
    facade = await startFacade({
      // The in-process engine with its store declared unreachable, as a Redis engine says while Redis is down.
      bulkJobs: async ({ providers, logger, metrics }) => {
        engine = new InProcessBulkJobs({ providers: new Map(providers.map((p) => [p.provider, p])), logger, telemetry: new JobTelemetry(logger, metrics), ttlMs: 60_000, maxRefsPerCaller: BULK_JOB_DEFAULTS.maxRefsPerCaller });
        const unreachable: BulkJobs = Object.assign(Object.create(engine) as InProcessBulkJobs, { available: async () => false });
        return unreachable;
      },
    });
    const response = await request(facade.url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: START_BULK_REMOVAL, variables: { provider: Provider.BLUESHIFT, groupId: blueshiftDemo.groupId, userRefs: [{ uuid: blueshiftDemo.customerUuid }] } });
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBeDefined();
    expect(response.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "SERVICE_UNAVAILABLE" }) })]);
    expect(facade.blueshift.requests).toHaveLength(0);

    expect(await facade.result(Provider.BLUESHIFT, blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })).toMatchObject({ __typename: "MembershipRemoval" });
  });
});

describe("bulk-removal jobs in this process: the refs their jobs may hold", () => {
  const HOUR_MS = 3_600_000;
  let facade: Facade;
  /** The engine's clock, turned by the test to let finished jobs expire. */
  let clock: number;
  afterEach(() => facade.close());

  /** A facade whose in-process engine holds at most `perCaller` refs for one caller and `perProcess` for all, for an hour after a job ends. */
  async function startCapped(perCaller: number, perProcess: number): Promise<void> {
    clock = Date.parse("2025-01-01T00:00:00Z");
    facade = await startFacade({
      blueshiftSimulator: { seed: blueshiftBulkSeed(300) },
      auth: SECRET_AUTH,
      bulkJobs: async ({ providers, logger, metrics }) =>
        new InProcessBulkJobs({
          providers: new Map(providers.map((p) => [p.provider, p])),
          logger,
          telemetry: new JobTelemetry(logger, metrics),
          ttlMs: HOUR_MS,
          now: () => clock,
          maxRefsPerCaller: perCaller,
          maxRefsPerProcess: perProcess,
        }),
    });
  }

  const refs = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ uuid: bulkCustomer(from + i).uuid }));
  const start = (userRefs: ReadonlyArray<{ uuid: string }>, token: string) =>
    request(facade.url)
      .post("")
      .set("content-type", "application/json")
      .set("authorization", `Bearer ${token}`)
      .send({ query: START_BULK_REMOVAL, variables: { provider: Provider.BLUESHIFT, groupId: BLUESHIFT_BULK_GROUP_ID, userRefs } });
  /** Starts a job and waits for its end; throws on a refusal. */
  async function run(userRefs: ReadonlyArray<{ uuid: string }>, token: string): Promise<void> {
    const response = await start(userRefs, token);
    if (response.body.errors) throw new Error(`unexpected top-level errors: ${JSON.stringify(response.body.errors)}`);
    const { id } = response.body.data.startBulkRemoval as { id: string };
    const read = () =>
      request(facade.url)
        .post("")
        .set("content-type", "application/json")
        .set("authorization", `Bearer ${token}`)
        .send({ query: "query Job($id: ID!) { bulkRemoval(id: $id) { finishedAt } }", variables: { id } });
    while ((await read()).body.data.bulkRemoval.finishedAt === null) await sleep(10);
  }
  const stillMembers = (userRefs: ReadonlyArray<{ uuid: string }>) => userRefs.filter((ref) => facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, ref.uuid)).length;

  it("refuses a start that would hold more than BULK_JOB_MAX_REFS_PER_CALLER refs for its caller with BAD_USER_INPUT naming the cap, queues nothing, and lets another caller start", async () => {
    await startCapped(50, 1_000);
    const alice = await callerToken({ sub: "ops-alice" });
    const bob = await callerToken({ sub: "ops-bob" });
    // A finished job's refs count as long as it is kept, an unfinished one's too.
    await run(refs(0, 30), alice);
    await run(refs(30, 20), alice);
    const sent = facade.blueshift.requestsTo("removeUser").length;

    const over = await start(refs(50, 1), alice);
    expect(over.body.data).toBeNull();
    expect(over.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("BULK_JOB_MAX_REFS_PER_CALLER"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: 50 }) }),
    ]);
    expect(over.body.errors[0].message).toContain("50");
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(sent);
    expect(stillMembers(refs(50, 1))).toBe(1);

    await run(refs(60, 50), bob);
    expect(stillMembers(refs(60, 50))).toBe(0);
  });

  it("refuses a start that would hold more than the process's cap on refs, whoever asks, with BAD_USER_INPUT naming the cap, and queues nothing", async () => {
    await startCapped(50, 80);
    const alice = await callerToken({ sub: "ops-alice" });
    const bob = await callerToken({ sub: "ops-bob" });
    const carol = await callerToken({ sub: "ops-carol" });
    await run(refs(0, 50), alice);
    await run(refs(50, 25), bob);
    const sent = facade.blueshift.requestsTo("removeUser").length;

    const over = await start(refs(100, 10), carol);
    expect(over.body.data).toBeNull();
    expect(over.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("80"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRefs: 80 }) })]);
    expect(over.body.errors[0].message).toMatch(/process/);
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(sent);
    expect(stillMembers(refs(100, 10))).toBe(10);

    // Up to the cap, a start is accepted.
    await run(refs(100, 5), carol);
    expect(stillMembers(refs(100, 5))).toBe(0);
  });

  it("releases an expired job's refs: once the job's TTL has passed, its caller may start as many again", async () => {
    await startCapped(50, 80);
    const alice = await callerToken({ sub: "ops-alice" });
    await run(refs(0, 50), alice);
    expect((await start(refs(50, 1), alice)).body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);

    clock += HOUR_MS + 1;
    await run(refs(100, 50), alice);
    expect(stillMembers(refs(100, 50))).toBe(0);
  });
});

describe("bulk-removal jobs in this process when the server shuts down", () => {
  it("stops a ref waiting out a Retry-After without sending it, and never reports its job finished", async () => {
    const log = logCapture();
    const facade = await startFacade({
      blueshiftSimulator: { seed: blueshiftBulkSeed(1) },
      bulk: { concurrency: 1, maxRefs: 1000 },
      // A pause longer than the test may run: the shutdown cannot be waiting it out.
      upstream: { maxPauseS: 60, timeoutMs: 500, deadlineMs: 1_000 },
      log: { level: "info", destination: log.destination },
    });
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("60")]);
    const response = await request(facade.url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: START_BULK_REMOVAL, variables: { provider: Provider.BLUESHIFT, groupId: BLUESHIFT_BULK_GROUP_ID, userRefs: [{ uuid: bulkCustomer(0).uuid }] } });
    const { id } = response.body.data.startBulkRemoval as { id: string };
    while (facade.blueshift.requestsTo("removeUser").length < 1) await sleep(5);

    await facade.close();
    // Jobs here end with the process (not durable): its ref has no answer, so the job did not complete.
    expect(log.lines().filter((line) => line.msg === "bulk removal job finished" && line.jobId === id)).toEqual([]);
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
    expect(facade.blueshift.isMember(BLUESHIFT_BULK_GROUP_ID, bulkCustomer(0).uuid)).toBe(true);
  });
});

describe("bulk-removal jobs in this process while the provider asks to wait (Retry-After)", () => {
  it("hold no place a removeUsersFromGroup call needs while their refs wait out the pause: the call is answered RateLimitedError at once, nothing sent", async () => {
    const facade = await startFacade({
      blueshiftSimulator: { seed: blueshiftBulkSeed(20) },
      // One place for every bulk item and job unit of the provider.
      bulk: { concurrency: 1, maxRefs: 1000 },
      // A pause longer than the test may run, and longer than a removal's deadline.
      upstream: { maxPauseS: 60, timeoutMs: 500, deadlineMs: 1_000 },
    });
    const post = (query: string, variables: Record<string, unknown>) => request(facade.url).post("").set("content-type", "application/json").send({ query, variables });
    const start = async (from: number) => {
      const userRefs = [{ uuid: bulkCustomer(from).uuid }, { uuid: bulkCustomer(from + 1).uuid }];
      return ((await post(START_BULK_REMOVAL, { provider: Provider.BLUESHIFT, groupId: BLUESHIFT_BULK_GROUP_ID, userRefs })).body.data.startBulkRemoval as { id: string }).id;
    };
    const status = async (id: string) => (await post("query Job($id: ID!) { bulkRemoval(id: $id) { status } }", { id })).body.data.bulkRemoval.status as string;
    try {
      facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("60")]);
      const first = await start(0);
      while (facade.blueshift.requestsTo("removeUser").length < 1) await sleep(5);
      // A second job's worker takes its first ref and meets the pause.
      const second = await start(2);
      while ((await status(second)) !== "RUNNING") await sleep(5);

      const batch = await post(
        /* GraphQL */ `mutation Many($userRefs: [UserRef!]!) { removeUsersFromGroup(provider: BLUESHIFT, groupId: "${BLUESHIFT_BULK_GROUP_ID}", userRefs: $userRefs) { results { __typename } } }`,
        { userRefs: [{ uuid: bulkCustomer(10).uuid }] },
      );
      expect(batch.body.data.removeUsersFromGroup.results).toEqual([{ __typename: "RateLimitedError" }]);
      expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
      expect([await status(first), await status(second)]).toEqual(["RUNNING", "RUNNING"]);
    } finally {
      await facade.close();
    }
  });
});
