import request from "supertest";
import { facade } from "../../bench/scenarios";
import { startFacade, type Facade } from "../support/facade";

// The benchmark counts any other body as an error; this keeps it measuring real removals.
describe("the benchmark's facade requests", () => {
  let server: Facade;
  beforeAll(async () => {
    server = await startFacade();
  });
  afterAll(() => server.close());

  it.each(["BLUESHIFT", "USERGRID"] as const)("remove a %s member and get exactly the body the benchmark expects", async (provider) => {
    const target = facade(server.url, provider);
    const response = await request(target.url).post("").set(target.headers).send(target.body);
    expect(response.text).toBe(target.expectBody);
  });
});
