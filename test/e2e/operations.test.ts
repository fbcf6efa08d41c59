import { Writable } from "node:stream";
import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startFacade, type Facade } from "../support/facade";

/** Every line the server logs, as written. */
function logCapture(): { destination: Writable; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const text = () => chunks.join("");
  return { destination, text, lines: () => text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** One sample's value from the Prometheus text format, 0 when absent. */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = metrics.split("\n").find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

const BLUESHIFT_DELETE = "DELETE /api/v1/customer_group/{group_id}/user/{user_uuid}";

describe("logs and metrics of a server with caller auth and both providers", () => {
  const log = logCapture();
  let facade: Facade;
  let token: string;
  beforeAll(async () => {
    facade = await startFacade({ auth: SECRET_AUTH, log: { level: "trace", destination: log.destination } });
    token = await callerToken();
  });
  afterAll(() => facade.close());

  const remove = (provider: string, groupId: string, userRef: Record<string, string>, authorization = `Bearer ${token}`) =>
    request(facade.url)
      .post("/")
      .set("authorization", authorization)
      .send({ query: REMOVAL_MUTATION, variables: { provider, groupId, userRef } });
  const metrics = async () => (await request(facade.metricsUrl).get("")).text;

  it("never puts the API key, the client secret, a provider token or the caller's token in a log line", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.serverError(503)]);
    await remove("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });
    await remove("BLUESHIFT", blueshiftDemo.groupId, { email: blueshiftDemo.secondMemberEmail });
    await remove("USERGRID", usergridDemo.groupPath, { username: usergridDemo.username });
    // An expired token: Usergrid's 401, then a new token and the removal again.
    facade.usergrid.script("removeUser", [usergridFaults.expiredToken()]);
    await remove("USERGRID", usergridDemo.groupPath, { uuid: usergridDemo.secondMemberUuid });
    await remove("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid }, "Bearer not-even-a-jwt");

    const providerTokens = facade.usergrid.requests
      .map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? "")?.[1])
      .filter((t): t is string => t !== undefined);
    expect(new Set(providerTokens).size).toBe(2);
    const secrets = [
      blueshiftDemo.apiKey,
      Buffer.from(`${blueshiftDemo.apiKey}:`).toString("base64"),
      usergridDemo.clientSecret,
      ...providerTokens,
      token,
      token.split(".")[2] as string,
    ];
    const text = log.text();
    for (const secret of secrets) expect(text).not.toContain(secret);

    // What the lines do carry: every attempt by route template, and the audit line with the caller.
    const lines = log.lines();
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, provider: "BLUESHIFT", route: BLUESHIFT_DELETE, status: 503, attempt: 1 }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 20, provider: "BLUESHIFT", route: BLUESHIFT_DELETE, status: 200, attempt: 2 }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, provider: "USERGRID", status: 401, route: "DELETE /{org}/{app}/groups/{group_path}/users/{user_uuid}" }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: "graphql request",
        operation: "Remove",
        sub: "ops-alice",
        removals: [{ provider: "USERGRID", groupId: usergridDemo.groupPath, user: { kind: "UUID", uuid: usergridDemo.secondMemberUuid }, result: "MembershipRemoval" }],
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: "caller refused", reason: "malformed" }));
  });

  it("serves /metrics on its own port, without a token, and answers 404 there on the GraphQL port, token or not", async () => {
    const scraped = await request(facade.metricsUrl).get("");
    expect(scraped.status).toBe(200);
    expect(scraped.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.text).toContain("# TYPE graphql_requests_total counter");
    for (const authorization of [`Bearer ${token}`, undefined]) {
      const onGraphqlPort = request(facade.url).get("/metrics");
      const answer = await (authorization ? onGraphqlPort.set("authorization", authorization) : onGraphqlPort);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain("graphql_requests_total");
    }
  });

  it("answers only GET and HEAD /metrics on the metrics port", async () => {
    const { origin } = new URL(facade.metricsUrl);
    expect((await request(origin).get("/")).status).toBe(404);
    expect((await request(origin).get("/graphql")).status).toBe(404);
    expect((await request(origin).post("/metrics").send({})).status).toBe(405);
    const head = await request(origin).head("/metrics");
    expect(head.status).toBe(200);
    expect(head.text ?? "").toBe("");
  });

  it("counts results, upstream attempts, retries and token refreshes at /metrics", async () => {
    const before = await metrics();
    facade.blueshift.script("removeUser", [blueshiftFaults.serverError(503)]);
    await remove("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.multiGroupCustomerUuid });
    facade.usergrid.script("removeUser", [usergridFaults.expiredToken()]);
    await remove("USERGRID", usergridDemo.groupPath, { email: usergridDemo.thirdMemberEmail });
    const after = await metrics();

    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved("membership_removal_results_total", { provider: "BLUESHIFT", result: "MembershipRemoval" })).toBe(1);
    expect(moved("upstream_request_duration_seconds_count", { provider: "BLUESHIFT", route: BLUESHIFT_DELETE, status_class: "5xx" })).toBe(1);
    expect(moved("upstream_request_duration_seconds_count", { provider: "BLUESHIFT", route: BLUESHIFT_DELETE, status_class: "2xx" })).toBe(1);
    expect(moved("upstream_retries_total", { provider: "BLUESHIFT", route: BLUESHIFT_DELETE })).toBe(1);
    expect(moved("upstream_token_refreshes_total", { provider: "USERGRID" })).toBe(1);
    expect(sample(after, "upstream_circuit_state", { provider: "BLUESHIFT" })).toBe(0);
  });
});

describe("health and readiness", () => {
  let facade: Facade;
  beforeAll(async () => {
    // One unhealthy answer opens a circuit, and it stays open for the test.
    facade = await startFacade({ upstream: { maxAttempts: 1 }, tuning: { breakerThreshold: 1, halfOpenAfterMs: 60_000 } });
  });
  afterAll(() => facade.close());

  it("is alive and ready while a provider can be called, and not ready once every circuit is open", async () => {
    expect((await request(facade.url).get("/healthz")).status).toBe(200);
    expect((await request(facade.url).get("/readyz")).status).toBe(200);

    facade.blueshift.script("removeUser", [blueshiftFaults.serverError(503)]);
    await facade.result("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });
    expect((await request(facade.url).get("/readyz")).status).toBe(200);

    facade.usergrid.script("getMembership", [usergridFaults.serverError(503)]);
    await facade.result("USERGRID", usergridDemo.groupPath, { uuid: usergridDemo.userUuid });
    const readiness = await request(facade.url).get("/readyz");
    expect(readiness.status).toBe(503);
    expect(readiness.body).toEqual({ status: "not ready" });
    expect((await request(facade.url).get("/healthz")).status).toBe(200);
    expect(sample((await request(facade.metricsUrl).get("")).text, "upstream_circuit_state", { provider: "USERGRID" })).toBe(1);
  });
});
