import { Writable } from "node:stream";
import { Provider } from "../../src/graphql/provider.enum";
import { createLogger } from "../../src/log/logger";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { removeInBulk } from "../../src/removal/remove-in-bulk";
import { startSimulatedProviders, type SimulatedProviders } from "../support/facade";

describe("a bulk removal, as operators see it", () => {
  let upstreams: SimulatedProviders;
  beforeEach(async () => {
    upstreams = await startSimulatedProviders();
  });
  afterEach(() => upstreams.close());

  it("logs one line per batch with the provider, the group, the counts and the duration", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger(
      "info",
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const blueshift = upstreams.providers.find((p) => p.provider === Provider.BLUESHIFT);
    if (!blueshift) throw new Error("no Blueshift provider");

    await removeInBulk({
      provider: Provider.BLUESHIFT,
      groupId: blueshiftDemo.groupId,
      userRefs: [{ uuid: blueshiftDemo.customerUuid }, { email: blueshiftDemo.secondMemberEmail }, { uuid: blueshiftDemo.customerUuid }, { uuid: blueshiftDemo.groupLessCustomerUuid }],
      session: blueshift.openSession(),
      limiter: blueshift.bulk,
      logger,
      answered: () => undefined,
    });

    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "bulk removal finished",
        provider: "BLUESHIFT",
        groupId: blueshiftDemo.groupId,
        refs: 4,
        users: 3,
        removed: 3,
        notMember: 1,
        failed: 0,
        unknown: 0,
        durationMs: expect.any(Number),
      }),
    ]);
  });
});
