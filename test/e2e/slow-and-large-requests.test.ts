import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import request from "supertest";
import { buildServer, type BuildServerOptions, type FacadeServer } from "../../src/server";
import { startSimulatedProviders, type SimulatedProviders } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";
import { startMetricsServer } from "../../src/telemetry/metrics-server";

const KIB = 1024;

interface Served {
  url: string;
  /** /metrics on its own port, as main.ts serves it. */
  metricsUrl: string;
  server: FacadeServer;
  close(): Promise<void>;
}

async function serve(limits?: BuildServerOptions["limits"]): Promise<Served> {
  const sims: SimulatedProviders = await startSimulatedProviders();
  const server = await buildServer({
    config: { nodeEnv: "test", introspection: true, auth: null, corsOrigins: "*" },
    providers: sims.providers,
    logger: sims.logger,
    metrics: sims.metrics,
    ...(limits ? { limits } : {}),
  });
  const metricsServer = await startMetricsServer({ registry: sims.metrics.registry, port: 0, host: "127.0.0.1", logger: sims.logger });
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    metricsUrl: `${metricsServer.url}/metrics`,
    server,
    close: async () => {
      await server.close();
      await metricsServer.close();
      await Promise.all([sims.blueshift.close(), sims.usergrid.close()]);
    },
  };
}

/** A JSON body of `size` bytes that runs `{ __typename }`: the padding is a variable the operation ignores. */
function bodyOf(size: number): Buffer {
  const frame = JSON.stringify({ query: "{ __typename }", variables: { padding: "" } });
  return Buffer.from(frame.replace('"padding":""', `"padding":"${"x".repeat(size - frame.length)}"`));
}

/** A POST whose body is sent in parts, as the test says; resolves its response when one comes. */
function slowPost(url: string, body: Buffer): { call: ClientRequest; response: Promise<IncomingMessage> } {
  const { hostname, port } = new URL(url);
  let call!: ClientRequest;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    call = httpRequest({ hostname, port, method: "POST", path: "/", headers: { "content-type": "application/json", "content-length": body.length } }, resolve);
    call.on("error", reject);
  });
  return { call, response };
}

/**
 * A POST on a socket of its own, sent whole; resolves to what the server wrote once it closes the
 * connection (the client never closes it), so it resolves only if the server does close it.
 */
function postUntilClosed(url: string, body: Buffer): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    // The server may close while this side is still writing: what it wrote before is what counts.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const [head = "", text = ""] = received.split("\r\n\r\n");
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head);
      if (!status) return reject(new Error(`no answer before the connection closed: ${JSON.stringify(received.slice(0, 200))}`));
      resolve({ status: Number(status[1]), headers: head.toLowerCase(), body: text });
    });
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    socket.write(body);
  });
}

/** The whole body of a response, as text. */
async function textOf(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Polls /metrics until the server holds at least `bytes` of request bodies. */
async function untilHeld(metricsUrl: string, atLeast: number): Promise<number> {
  for (;;) {
    const held = sample(await scrape(metricsUrl), "http_request_bytes_held");
    if (held >= atLeast) return held;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("slow or idle clients (docs/contract.md §7)", () => {
  it("gives a request's headers 10 s and the whole request 30 s", async () => {
    const served = await serve();
    try {
      expect(served.server.httpServer.headersTimeout).toBe(10_000);
      expect(served.server.httpServer.requestTimeout).toBe(30_000);
    } finally {
      await served.close();
    }
  });

  it("answers 408 and closes a connection whose headers do not all arrive within the header timeout", async () => {
    const served = await serve({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    try {
      const { port } = new URL(served.url);
      const socket = connect(Number(port), "127.0.0.1");
      socket.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n");
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      await new Promise((resolve) => socket.once("close", resolve));
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await served.close();
    }
  });
});

describe("request bytes held across every connection (docs/contract.md §7)", () => {
  const BUDGET = 256 * KIB;
  let served: Served;
  beforeAll(async () => {
    served = await serve({ requestBytesBudget: BUDGET });
  });
  afterAll(() => served.close());

  it("refuses a body that would take the server over its budget with SERVICE_UNAVAILABLE (HTTP 503), closes its connection, and takes bodies again once the budget is free", async () => {
    // The first client sends most of a 200 KiB body and waits: the server holds what it sent.
    const first = bodyOf(200 * KIB);
    const holding = slowPost(served.url, first);
    holding.call.write(first.subarray(0, 190 * KIB));
    await untilHeld(served.metricsUrl, 190 * KIB);

    // The second client's 100 KiB would take the total over 256 KiB: answered, and its connection closed.
    const refused = await postUntilClosed(served.url, bodyOf(100 * KIB));
    expect(refused.status).toBe(503);
    expect(refused.headers).toContain("retry-after: 1");
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(sample(await scrape(served.metricsUrl), "http_requests_refused_total", { code: "SERVICE_UNAVAILABLE" })).toBe(1);

    // The first finishes its body and is answered; its bytes are released with its response.
    holding.call.end(first.subarray(190 * KIB));
    const held = await holding.response;
    expect(held.statusCode).toBe(200);
    expect(JSON.parse(await textOf(held)).data).toEqual({ __typename: "Query" });
    expect(sample(await scrape(served.metricsUrl), "http_request_bytes_held")).toBe(0);

    const again = await request(served.url).post("/").set("content-type", "application/json").send(bodyOf(200 * KIB).toString("utf8"));
    expect(again.status).toBe(200);
  });

  it("releases the bytes of a client that goes away mid-body", async () => {
    const body = bodyOf(200 * KIB);
    const abandoned = slowPost(served.url, body);
    abandoned.response.catch(() => undefined);
    abandoned.call.write(body.subarray(0, 150 * KIB));
    await untilHeld(served.metricsUrl, 150 * KIB);
    abandoned.call.destroy();

    // Released as the server sees the connection close; until then a second 200 KiB would not fit.
    for (;;) {
      if (sample(await scrape(served.metricsUrl), "http_request_bytes_held") === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const next = await request(served.url).post("/").set("content-type", "application/json").send(bodyOf(200 * KIB).toString("utf8"));
    expect(next.status).toBe(200);
  });
});
