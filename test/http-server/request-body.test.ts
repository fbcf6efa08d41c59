import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import request from "supertest";
import { buildServer, type FacadeServer } from "../../src/server";
import { startSimulatedProviders, type SimulatedProviders } from "../support/facade";

/** The server's per-request body limit (server.ts BODY_LIMIT_BYTES). */
const BODY_LIMIT = 1024 * 1024;
const QUERY = JSON.stringify({ query: "{ __typename }" });

describe("what a GraphQL request's body may be", () => {
  let sims: SimulatedProviders;
  let server: FacadeServer;
  let url: string;
  beforeAll(async () => {
    sims = await startSimulatedProviders();
    server = await buildServer({
      config: { nodeEnv: "test", introspection: true, auth: null, corsOrigins: "*" },
      providers: sims.providers,
      logger: sims.logger,
      metrics: sims.metrics,
    });
    url = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([sims.blueshift.close(), sims.usergrid.close()]);
  });

  const post = (body: string | Buffer, contentType = "application/json") => request(url).post("/").set("content-type", contentType).send(body);

  it.each([
    ["application/json", "application/json", QUERY],
    ["a Content-Type in capitals with charset=UTF-8", "Application/JSON; charset=UTF-8", QUERY],
    ["charset=utf-8 without a space", "application/json;charset=utf-8", QUERY],
    ["whitespace before the object", "application/json", ` \n\t${QUERY}`],
    ["a byte-order mark before the object", "application/json", `\ufeff${QUERY}`],
  ])("runs a JSON body sent with %s", async (_name, contentType, body) => {
    const response = await post(body, contentType);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { __typename: "Query" } });
  });

  it("runs a gzip-compressed JSON body", async () => {
    const answer = await send({ "content-type": "application/json", "content-encoding": "gzip" }, [gzipSync(QUERY)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: "Query" } });
  });

  it.each([
    ["malformed JSON", '{"query":', /^Unexpected end of JSON input$/],
    ["a trailing comma", '{"query":"{ __typename }",}', /JSON/],
    ["a string rather than an object", '"{ __typename }"', /JSON/],
    ["a number after whitespace", "  123", /JSON/],
  ])("refuses %s with 400 and the parser's reason", async (_name, body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].message).toMatch(message);
  });

  it("refuses a body in a charset other than UTF-8 with 415, naming it", async () => {
    const response = await post(QUERY, "application/json; charset=latin1");
    expect(response.status).toBe(415);
    expect(response.body).toEqual({ errors: [{ message: 'unsupported charset "LATIN1"' }] });
  });

  it("refuses an empty body as Apollo Server does, with 400", async () => {
    const response = await post("");
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/POST body missing/);
  });

  it("refuses a body over 1 MiB with 413, and the connection serves the next request", async () => {
    const agent = request.agent(url);
    const refused = await agent.post("/").set("content-type", "application/json").send(JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(BODY_LIMIT) } }));
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ errors: [{ message: "request entity too large" }] });
    const next = await agent.post("/").set("content-type", "application/json").send(QUERY);
    expect(next.body).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses a body over 1 MiB that declares no length, as it streams in", async () => {
    // No Content-Length: Node sends the body chunked, so only the bytes received can tell.
    const answer = await send({ "content-type": "application/json" }, [`{"query":"{ __typename }","variables":{"padding":"${"x".repeat(BODY_LIMIT)}`, '"}}']);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: "request entity too large" }] });
  });

  /** A POST of `parts` as written, with no header but those given (supertest would re-encode a Buffer sent as JSON). */
  function send(headers: Record<string, string>, parts: (string | Buffer)[]): Promise<{ status: number; text: string }> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ hostname, port, method: "POST", path: "/", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      for (const part of parts.slice(0, -1)) req.write(part);
      req.end(parts[parts.length - 1]);
    });
  }
});
