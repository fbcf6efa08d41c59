import request from "supertest";
import { startBareProxy, type BareProxy } from "../../bench/bare-proxy/server";
import { facade } from "../../bench/scenarios";
import { startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";

// The benchmark reads the bare proxy as the ceiling for the facade; it is one only if it does the
// removal's real upstream work and its answer tells a removal from anything else.
describe("the benchmark's bare proxy", () => {
  let blueshift: BlueshiftSimulator;
  let bare: BareProxy;
  beforeAll(async () => {
    blueshift = await startBlueshiftSimulator();
    bare = await startBareProxy({ blueshiftBaseUrl: blueshift.url, blueshiftApiKey: "demo-user-api-key", port: 0 });
  });
  afterAll(async () => {
    await bare.stop();
    await blueshift.close();
  });

  it("removes the benchmark's member with one upstream DELETE, then answers anything but a removal", async () => {
    const target = facade(bare.url, "BLUESHIFT");
    const first = await request(target.url).post("").set(target.headers).send(target.body);
    expect(first.status).toBe(200);
    expect(first.text).toBe(target.expectBody);
    expect(blueshift.isMember("grp_orionretail", "57fbca61-3eed-43ea-aaa6-c35307296035")).toBe(false);
    expect(blueshift.requestsTo("removeUser")).toHaveLength(1);

    const again = await request(target.url).post("").set(target.headers).send(target.body);
    expect(again.status).toBe(502);
    expect(again.text).not.toBe(target.expectBody);
    expect(blueshift.requestsTo("removeUser")).toHaveLength(2);
  });
});
