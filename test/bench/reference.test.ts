import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { startReferenceServer, type ReferenceServer } from "../../bench/reference/server";
import { facade } from "../../bench/scenarios";
import { startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { SCHEMA_DIRECTORY } from "../../src/graphql/schema-files";

// The benchmark sets the facade beside this build; it is only a yardstick if it really removes.
describe("the benchmark's plain Apollo Server + RESTDataSource build", () => {
  let blueshift: BlueshiftSimulator;
  let plain: ReferenceServer;
  beforeAll(async () => {
    blueshift = await startBlueshiftSimulator();
    plain = await startReferenceServer({
      typeDefs: readFileSync(join(SCHEMA_DIRECTORY, "api.graphql"), "utf8"),
      blueshiftBaseUrl: blueshift.url,
      blueshiftApiKey: "demo-user-api-key",
      port: 0,
    });
  });
  afterAll(async () => {
    await plain.stop();
    await blueshift.close();
  });

  it("removes the benchmark's member through the upstream, then finds it gone", async () => {
    const target = facade(plain.url, "BLUESHIFT");
    const first = await request(target.url).post("").set(target.headers).send(target.body);
    expect(first.text).toBe(target.expectBody);
    expect(blueshift.isMember("grp_orionretail", "57fbca61-3eed-43ea-aaa6-c35307296035")).toBe(false);
    expect(blueshift.requestsTo("removeUser")).toHaveLength(1);

    const again = await request(target.url).post("").set(target.headers).send(target.body);
    expect(again.body).toEqual({ data: { removeUserFromGroup: { __typename: "MembershipNotFoundError" } } });
  });
});
