import { createHash } from "node:crypto";
import request from "supertest";
import { loadTrustedDocuments } from "../../src/plugins/trusted-documents";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { REMOVAL_MUTATION, startFacade, type Facade } from "../support/facade";

const APP_ORIGIN = "https://app.example";
const codes = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.map((e) => e.extensions.code);
const corsHeaders = (headers: Record<string, string>) => Object.keys(headers).filter((h) => h.startsWith("access-control-"));

describe("a production server behind CORS_ORIGINS and the query limits", () => {
  let facade: Facade;
  beforeAll(async () => {
    // Introspection on, so that the depth limit can be met: the schema's own types nest only a few levels.
    facade = await startFacade({ nodeEnv: "production", introspection: true, corsOrigins: [APP_ORIGIN] });
  });
  afterAll(() => facade.close());

  const preflight = (origin: string) =>
    request(facade.url)
      .options("/")
      .set("origin", origin)
      .set("access-control-request-method", "POST")
      .set("access-control-request-headers", "content-type, authorization");
  const post = (body: unknown) => request(facade.url).post("/").set("content-type", "application/json").send(JSON.stringify(body));

  it("lets a listed origin's preflight through", async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(APP_ORIGIN);
    expect(response.headers["access-control-allow-headers"]).toMatch(/authorization/);
  });

  it("gives any other origin no CORS header at all", async () => {
    const response = await preflight("https://evil.example");
    expect(corsHeaders(response.headers)).toEqual([]);
    const post = await request(facade.url).post("/").set("origin", "https://evil.example").send({ query: "{ __typename }" });
    expect(corsHeaders(post.headers)).toEqual([]);
  });

  it("refuses an operation nested deeper than the limit, without a stack trace", async () => {
    const response = await post({ query: `{ __type(name: "Query") { ${"ofType { ".repeat(20)} name ${"} ".repeat(20)} } }` });
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(response.body.errors[0].message).toMatch(/nests 22 levels of fields; at most 20/);
    expect(response.body.errors[0].extensions.stacktrace).toBeUndefined();
  });

  it("refuses a document with more aliases than the limit", async () => {
    const response = await post({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(" ")} }` });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toBe("The document uses more than 15 aliases.");
  });

  it("refuses batched requests", async () => {
    const response = await post([{ query: "{ __typename }" }, { query: "{ __typename }" }]);
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/batching/i);
  });

  it("refuses a GET a foreign page could make a browser send (CSRF prevention)", async () => {
    const response = await request(facade.url).get("/").query({ query: "{ __typename }" });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/CSRF/);
  });

  it("does not spell out the schema to a caller who guesses field names", async () => {
    const response = await post({ query: "{ provider { provider } }" });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).not.toMatch(/Did you mean/);
  });
});

describe("TRUSTED_DOCUMENTS_ONLY", () => {
  const manifest = loadTrustedDocuments();
  const [hash, document] = [...manifest].find(([, text]) => text.includes("removeUserFromGroup(")) ?? [];
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade({ trustedDocuments: manifest });
  });
  afterAll(() => facade.close());
  beforeEach(() => facade.blueshift.reset());

  const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } };
  const post = (body: object) => request(facade.url).post("/").send(body);

  it("refuses an operation that is not in the manifest, and calls no provider", async () => {
    const response = await post({ query: REMOVAL_MUTATION, variables });
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(["QUERY_NOT_IN_SAFELIST"]);
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it("runs the example client's removal sent by its hash alone", async () => {
    const response = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval" });
  });

  it("runs it sent as the identical document too", async () => {
    const response = await post({ query: document, variables });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval" });
  });

  it("answers an unknown hash PERSISTED_QUERY_NOT_FOUND and never registers what a client sends", async () => {
    const unknown = { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }, variables };
    expect(codes((await post(unknown)).body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    // Automatic persisted queries' registration: hash and text together, then the hash alone.
    const sha256Hash = createHash("sha256").update(REMOVAL_MUTATION).digest("hex");
    expect(codes((await post({ query: REMOVAL_MUTATION, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } })).body)).toEqual(["QUERY_NOT_IN_SAFELIST"]);
    expect(codes((await post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } })).body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it("keeps Sandbox's introspection and a gateway's _service working in development", async () => {
    expect((await post({ query: "{ __schema { queryType { name } } }" })).body.data.__schema.queryType.name).toBe("Query");
    expect((await post({ query: "{ _service { sdl } }" })).body.data._service.sdl).toContain("removeUserFromGroup");
  });
});
