import { createHash } from "node:crypto";
import request from "supertest";
import { startFacade, type Facade } from "../support/facade";
import { LEVEL, logCapture } from "../support/log-capture";

/** Apollo Server's inline-trace request header: the fast lane leaves such a request to Apollo. */
const APOLLO_PATH = { "apollo-federation-include-trace": "ftv1" };

const codes = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.map((e) => e.extensions.code);

describe("an operation this server cannot run is the caller's mistake: a 4xx with a code, never an error-level log line (docs/contract.md §7)", () => {
  const log = logCapture();
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade({ log: { level: "trace", destination: log.destination } });
  });
  afterAll(() => facade.close());

  /** The lines logged while `send` ran, and its response. */
  async function logged(send: () => Promise<request.Response>): Promise<{ response: request.Response; lines: ReturnType<typeof log.lines> }> {
    const from = log.lines().length;
    const response = await send();
    return { response, lines: log.lines().slice(from) };
  }
  const post = (body: object, headers: Record<string, string> = {}) => request(facade.url).post("/").set("content-type", "application/json").set(headers).send(body);

  it.each([
    ["on the fast lane", () => post({ query: "subscription { x }" })],
    ["through Apollo Server", () => post({ query: "subscription { x }" }, APOLLO_PATH)],
    ["named, of a field Query has", () => post({ query: "subscription Watch { providers { provider } }" })],
    ["sent by GET", () => request(facade.url).get("/").query({ query: "subscription { x }" }).set("apollo-require-preflight", "true")],
  ])("answers a subscription %s with GRAPHQL_VALIDATION_FAILED (HTTP 400)", async (_, send) => {
    const { response, lines } = await logged(send);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(response.body.errors[0].message).toBe("This server does not serve subscription operations.");
    expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.info, msg: "graphql request", status: 400, errors: ["GRAPHQL_VALIDATION_FAILED"] }));
  });

  it("answers a persisted query whose hash is not its document's with PERSISTED_QUERY_HASH_MISMATCH (HTTP 400), and registers nothing", async () => {
    const query = "{ providers { provider } }";
    const wrongHash = createHash("sha256").update("{ __typename }").digest("hex");
    const { response, lines } = await logged(() => post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } }));
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(["PERSISTED_QUERY_HASH_MISMATCH"]);
    expect(response.body.errors[0].message).toBe("The persisted query's sha256Hash is not the hash of its query; nothing was run or registered.");
    expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.info, msg: "request refused", code: "PERSISTED_QUERY_HASH_MISMATCH" }));

    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } });
    expect(codes(byHash.body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("answers the same mismatch sent by GET alike", async () => {
    const { response, lines } = await logged(() =>
      request(facade.url)
        .get("/")
        .query({ query: "{ __typename }", extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }) })
        .set("apollo-require-preflight", "true"),
    );
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(["PERSISTED_QUERY_HASH_MISMATCH"]);
    expect(lines.filter((line) => line.level >= LEVEL.warn)).toEqual([]);
  });

  it("still registers and runs a persisted query whose hash is right", async () => {
    const query = "{ providers { configured } }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    expect((await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } })).body.data.providers).toHaveLength(2);
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).body.data.providers).toHaveLength(2);
  });
});
