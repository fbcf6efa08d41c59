import type { ApolloServerPlugin } from "@apollo/server";
import request from "supertest";
import type { RequestContext } from "../../src/graphql/request-context";
import type { ServerPlugin } from "../../src/plugins/lane-counterpart";
import type { ExtraPlugin } from "../../src/plugins/server-plugins";
import { buildServer, type FacadeServer } from "../../src/server";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startSimulatedProviders, type SimulatedProviders } from "../support/facade";
import { LEVEL, logCapture } from "../support/log-capture";
import { sample, scrape } from "../support/metric-sample";
import { startMetricsServer } from "../../src/telemetry/metrics-server";

/**
 * A plugin a deployment adds must run on every request, whichever lane would have answered it: the
 * fast lane answers without Apollo Server's hooks, so buildServer either builds the lane with the
 * plugin's counterpart or answers everything through Apollo.
 */
const HEADER = "x-plugin-saw";

/** Sets HEADER on every response Apollo Server sends, in willSendResponse. */
const headerPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set(HEADER, "yes");
      },
    };
  },
};

/** The same plugin, registered with a lane counterpart that sets the header on the lane's answers. */
const mirroredHeaderPlugin: ServerPlugin = {
  name: "headerPlugin",
  apollo: headerPlugin,
  lane: { kind: "mirrors", why: "every answer carries the header", hooks: { willSendResponse: ({ headers }) => headers.set(HEADER, "yes") } },
};

interface Served {
  url: string;
  /** /metrics on its own port, as main.ts serves it. */
  metricsUrl: string;
  sims: SimulatedProviders;
  log: ReturnType<typeof logCapture>;
  close(): Promise<void>;
}

async function serve(plugins: readonly ExtraPlugin[]): Promise<Served> {
  const log = logCapture();
  const sims = await startSimulatedProviders({ blueshiftSimulator: { restoreAfterRemoval: true }, log: { level: "info", destination: log.destination } });
  const server: FacadeServer = await buildServer({
    config: { nodeEnv: "production", introspection: false, auth: SECRET_AUTH, corsOrigins: [] },
    providers: sims.providers,
    logger: sims.logger,
    metrics: sims.metrics,
    plugins,
  });
  const metricsServer = await startMetricsServer({ registry: sims.metrics.registry, port: 0, host: "127.0.0.1", logger: sims.logger });
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    metricsUrl: `${metricsServer.url}/metrics`,
    sims,
    log,
    close: async () => {
      await server.close();
      await metricsServer.close();
      await Promise.all([sims.blueshift.close(), sims.usergrid.close()]);
    },
  };
}

const REMOVAL = { query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } } };
const PROVIDERS_QUERY = "query Providers { providers { provider configured } }";

/** One request of each kind the server answers, and the status it answers with. */
const KINDS: { name: string; send(url: string, token: string, withoutScope: string): request.Test; status: number }[] = [
  { name: "a removal the lane would take", send: (url, token) => request(url).post("/").set("authorization", `Bearer ${token}`).send(REMOVAL), status: 200 },
  { name: "a query", send: (url, token) => request(url).post("/").set("authorization", `Bearer ${token}`).send({ query: PROVIDERS_QUERY }), status: 200 },
  {
    name: "a GET",
    // apollo-require-preflight: CSRF prevention lets through a GET that a page could not send unasked.
    send: (url, token) => request(url).get("/").query({ query: PROVIDERS_QUERY }).set("authorization", `Bearer ${token}`).set("apollo-require-preflight", "true"),
    status: 200,
  },
  { name: "a document that does not validate", send: (url, token) => request(url).post("/").set("authorization", `Bearer ${token}`).send({ query: "{ providers { nope } }" }), status: 400 },
  { name: "a caller without the scope", send: (url, _token, withoutScope) => request(url).post("/").set("authorization", `Bearer ${withoutScope}`).send(REMOVAL), status: 403 },
];

let token: string;
let withoutScope: string;
beforeAll(async () => {
  token = await callerToken();
  withoutScope = await callerToken({ scope: "openid" });
});

describe("an extra Apollo plugin without a lane counterpart", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([headerPlugin]);
  });
  afterAll(() => served.close());

  it.each(KINDS.map((kind) => [kind.name, kind] as const))("runs on %s", async (_name, kind) => {
    const response = await kind.send(served.url, token, withoutScope);
    expect(response.status).toBe(kind.status);
    expect(response.headers[HEADER]).toBe("yes");
  });

  it("keeps the fast lane off, so Apollo Server answers every request", async () => {
    await request(served.url).post("/").set("authorization", `Bearer ${token}`).send(REMOVAL);
    const metrics = await scrape(served.metricsUrl);
    expect(sample(metrics, "graphql_requests_total", { lane: "fast" })).toBe(0);
    expect(sample(metrics, "graphql_requests_total", { lane: "apollo" })).toBeGreaterThan(0);
  });

  it("says at start, in one warn line, which plugin turned the lane off", () => {
    const lines = served.log.lines().filter((line) => typeof line.msg === "string" && line.msg.startsWith("fast lane off"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: LEVEL.warn, plugins: ["plugins[0] (an Apollo plugin without a lane counterpart)"] });
  });
});

describe("an extra Apollo plugin registered with a lane counterpart that mirrors it", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([mirroredHeaderPlugin]);
  });
  afterAll(() => served.close());

  it.each(KINDS.map((kind) => [kind.name, kind] as const))("runs on %s", async (_name, kind) => {
    const response = await kind.send(served.url, token, withoutScope);
    expect(response.status).toBe(kind.status);
    expect(response.headers[HEADER]).toBe("yes");
  });

  it("keeps the fast lane on, and the lane's answers carry the header", async () => {
    const before = sample(await scrape(served.metricsUrl), "graphql_requests_total", { lane: "fast" });
    const response = await request(served.url).post("/").set("authorization", `Bearer ${token}`).send(REMOVAL);
    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    expect(response.headers[HEADER]).toBe("yes");
    expect(sample(await scrape(served.metricsUrl), "graphql_requests_total", { lane: "fast" })).toBe(before + 1);
  });

  it("logs no line about the lane being off", () => {
    expect(served.log.lines().filter((line) => typeof line.msg === "string" && line.msg.startsWith("fast lane off"))).toEqual([]);
  });
});
