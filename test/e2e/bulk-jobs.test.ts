import request from "supertest";
import { InProcessBulkJobs } from "../../src/jobs/in-process-bulk-jobs";
import { JobTelemetry } from "../../src/jobs/job-telemetry";
import type { BulkJobs } from "../../src/jobs/bulk-jobs";
import { Provider } from "../../src/graphql/provider.enum";
import { describeBulkJobBehaviours, START_BULK_REMOVAL } from "../support/bulk-job-behaviours";
import { startFacade, type Facade } from "../support/facade";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";

// docs/contract.md §8's behaviours with jobs in this process, the default without REDIS_URL.
describeBulkJobBehaviours("in this process", (options) => startFacade(options));

describe("bulk-removal jobs while the job store is out of reach", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  it("answers startBulkRemoval with a top-level SERVICE_UNAVAILABLE (HTTP 503) and queues nothing; single removals go on", async () => {
    let engine: InProcessBulkJobs | undefined;
    facade = await startFacade({
      // The in-process engine with its store declared unreachable, as a Redis engine says while Redis is down.
      bulkJobs: async ({ providers, logger, metrics }) => {
        engine = new InProcessBulkJobs({ providers: new Map(providers.map((p) => [p.provider, p])), logger, telemetry: new JobTelemetry(logger, metrics), ttlMs: 60_000 });
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
