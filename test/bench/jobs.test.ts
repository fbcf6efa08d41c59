import { refsAnswered, startJob, waitForJob } from "../../bench/job-requests";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";

// `npm run bench -- --jobs` reads its figures through these: the job it starts must remove the bulk
// group's members, be read until it finishes, and each server's count of refs must be its own.
describe("the benchmark's bulk-removal job", () => {
  const MEMBERS = 40;
  let server: Facade;
  beforeAll(async () => {
    server = await startFacade({ blueshiftSimulator: { seed: blueshiftBulkSeed(MEMBERS), restoreAfterRemoval: true } });
  });
  afterAll(() => server.close());

  it("removes every member of the bulk group, is read until finished, and counts the refs this server answered", async () => {
    const job = await startJob(server.url, MEMBERS);
    // Generous: a busy machine (the rest of the suite beside it) once took longer than 10 s.
    const done = await waitForJob(server.url, job.id, 10, 30_000);
    expect(done).toMatchObject({ status: "COMPLETED", total: MEMBERS, done: MEMBERS, removed: MEMBERS, notMember: 0, failed: 0, unknown: 0 });
    const removals = server.blueshift.requestsTo("removeUser");
    expect(removals).toHaveLength(MEMBERS);
    expect(removals.every((r) => r.path.includes(BLUESHIFT_BULK_GROUP_ID))).toBe(true);
    expect(refsAnswered(await (await fetch(server.metricsUrl)).text())).toBe(MEMBERS);
  }, 40_000);
});

