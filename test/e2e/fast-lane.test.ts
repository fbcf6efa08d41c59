import { randomUUID } from "node:crypto";
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import request from "supertest";
import type { CallerAuthConfig, Config } from "../../src/config/config";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { buildServer, type FacadeServer } from "../../src/server";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startSimulatedProviders, type SimulatedProviders } from "../support/facade";

/**
 * The fast lane promises Apollo Server's answers, byte for byte. Two servers share one pair of
 * simulators (in bench mode, so each removal finds the membership again): one with the lane, one where Apollo Server runs everything. Each request goes to
 * both, and the answers must match but for what differs between any two calls (timestamps,
 * upstream request ids, stack frames).
 */
interface Pair {
  fast: string;
  apollo: string;
  sims: SimulatedProviders;
  /** graphql_requests_total{lane} as /metrics reads it (both servers share one registry). */
  lanes(): Promise<{ fast: number; apollo: number }>;
  close(): Promise<void>;
}

async function startPair(nodeEnv: Config["nodeEnv"], auth: CallerAuthConfig | null, log?: Writable): Promise<Pair> {
  const sims = await startSimulatedProviders({
    blueshiftSimulator: { restoreAfterRemoval: true },
    usergridSimulator: { restoreAfterRemoval: true },
    ...(log ? { log: { level: "info" as const, destination: log } } : {}),
  });
  const config = { nodeEnv, introspection: nodeEnv !== "production", auth, corsOrigins: "*" as const };
  const shared = { config, logger: sims.logger, metrics: sims.metrics };
  const servers: FacadeServer[] = [
    await buildServer({ ...shared, providers: sims.providers }),
    await buildServer({ ...shared, providers: sims.moreProviders(), fastLane: false }),
  ];
  const [fast, apollo] = await Promise.all(servers.map((s) => s.listen(0, "127.0.0.1")));
  return {
    fast: fast as string,
    apollo: apollo as string,
    sims,
    lanes: async () => {
      const { values } = await sims.metrics.graphqlRequests.get();
      const count = (lane: string) => values.find((v) => v.labels.lane === lane)?.value ?? 0;
      return { fast: count("fast"), apollo: count("apollo") };
    },
    close: async () => {
      // Each server closes its own providers.
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all([sims.blueshift.close(), sims.usergrid.close()]);
    },
  };
}

/** Every line the servers log. */
function logCapture(): { destination: Writable; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { destination, lines: () => lines };
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/** Values that differ between any two calls: timestamps, upstream request ids, a trace's timings. */
const VARYING = new RegExp(`"(removedAt|upstreamRequestId|ftv1)":${JSON_STRING}`, "g");
/** Stack frames name the code path that built an error; the lanes' paths differ. */
const STACK = new RegExp(`"stacktrace":\\[(?:${JSON_STRING},?)*\\]`, "g");

/** The body as sent, byte for byte, but for what differs between any two calls. */
function comparable(text: string): string {
  return text.replace(VARYING, '"$1":"<varies>"').replace(STACK, '"stacktrace":["<stack>"]');
}

interface Case {
  name: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Which lane the server with the lane answers it by; "neither": it is refused before either lane sees it. */
  lane: "fast" | "apollo" | "neither";
}

const removal = (provider: string, groupId: string, userRef: Record<string, string>) => ({ query: REMOVAL_MUTATION, variables: { provider, groupId, userRef } });
const PROVIDERS_QUERY = "query Providers { providers { provider configured endpoint supportedUserRefs } }";

const CASES: Case[] = [
  { name: "a Blueshift removal by uuid", body: removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid }), lane: "fast" },
  { name: "a Blueshift removal by email", body: removal("BLUESHIFT", blueshiftDemo.groupId, { email: blueshiftDemo.secondMemberEmail }), lane: "fast" },
  { name: "a Blueshift removal by username (unsupported)", body: removal("BLUESHIFT", blueshiftDemo.groupId, { username: "someone" }), lane: "fast" },
  { name: "a Blueshift removal from a group that holds no such member", body: removal("BLUESHIFT", "grp_nosuchgroup", { uuid: blueshiftDemo.customerUuid }), lane: "fast" },
  // @oneOf refuses it while coercing the variables: Apollo Server's 400.
  { name: "a removal with two user fields", body: removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid, email: blueshiftDemo.customerEmail }), lane: "apollo" },
  { name: "a removal with a control character in groupId", body: removal("USERGRID", "some\u0007Group", { username: usergridDemo.username }), lane: "fast" },
  { name: "a Usergrid removal by username", body: removal("USERGRID", usergridDemo.groupPath, { username: usergridDemo.username }), lane: "fast" },
  // Each server keeps its own records, so each runs it once (test/e2e/idempotency.test.ts repeats keys on both lanes).
  {
    name: "a removal sent with an Idempotency-Key",
    body: removal("USERGRID", usergridDemo.groupPath, { uuid: usergridDemo.userUuid }),
    headers: { "idempotency-key": "lane-parity-removal" },
    lane: "fast",
  },
  { name: "a query sent with an Idempotency-Key (run as if it had none)", body: { query: PROVIDERS_QUERY }, headers: { "idempotency-key": "lane-parity-query" }, lane: "fast" },
  { name: "a Usergrid removal by email", body: removal("USERGRID", usergridDemo.groupPath, { email: usergridDemo.secondMemberEmail }), lane: "fast" },
  { name: "a Usergrid removal from a group that does not exist", body: removal("USERGRID", "noSuchGroup", { uuid: usergridDemo.userUuid }), lane: "fast" },
  { name: "the providers query", body: { query: PROVIDERS_QUERY }, lane: "fast" },
  { name: "the providers query named by operationName", body: { query: PROVIDERS_QUERY, operationName: "Providers", variables: null }, lane: "fast" },
  {
    name: "an over-long bulk list (a GraphQLError from a resolver)",
    body: {
      query: "mutation Bulk($refs: [UserRef!]!) { removeUsersFromGroup(provider: BLUESHIFT, groupId: \"grp_orionretail\", userRefs: $refs) { __typename } }",
      variables: { refs: Array.from({ length: 1001 }, (_, i) => ({ username: `user-${i}` })) },
    },
    lane: "fast",
  },
  {
    name: "an entity representation of an unknown type (a defect, masked)",
    body: { query: 'query { _entities(representations: [{ __typename: "Nope", id: "x" }]) { __typename } }' },
    lane: "fast",
  },
  { name: "a request asking for application/graphql-response+json", body: { query: PROVIDERS_QUERY }, headers: { accept: "application/graphql-response+json" }, lane: "fast" },
  { name: "a request asking for either JSON type", body: { query: PROVIDERS_QUERY }, headers: { accept: "application/graphql-response+json, application/json" }, lane: "fast" },
  { name: "Apollo Client 4's Accept", body: { query: PROVIDERS_QUERY }, headers: { accept: "application/graphql-response+json,application/json;q=0.9" }, lane: "fast" },
  { name: "a request accepting anything", body: { query: PROVIDERS_QUERY }, headers: { accept: "*/*" }, lane: "fast" },
  { name: "a request asking for application/json", body: { query: PROVIDERS_QUERY }, headers: { accept: "application/json" }, lane: "fast" },
  { name: "an Accept the lane leaves to Apollo's negotiation", body: { query: PROVIDERS_QUERY }, headers: { accept: "application/json;q=0.5, application/graphql-response+json" }, lane: "apollo" },
  { name: "an Accept that allows neither JSON type", body: { query: PROVIDERS_QUERY }, headers: { accept: "text/csv" }, lane: "apollo" },
  { name: "variables that do not coerce (a malformed UUID)", body: removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: "not-a-uuid" }), lane: "apollo" },
  { name: "a document that does not validate", body: { query: "{ providers { nope } }" }, lane: "apollo" },
  { name: "a document that does not parse", body: { query: "{ providers " }, lane: "apollo" },
  { name: "an operationName the document lacks", body: { query: PROVIDERS_QUERY, operationName: "Other" }, lane: "apollo" },
  {
    name: "a persisted-query extension",
    body: { query: PROVIDERS_QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(PROVIDERS_QUERY).digest("hex") } } },
    lane: "apollo",
  },
  { name: "a persisted query whose hash is not its document's", body: { query: PROVIDERS_QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, lane: "neither" },
  { name: "variables sent as a JSON string", body: { query: PROVIDERS_QUERY, variables: "{}" }, lane: "apollo" },
  { name: "a gateway asking for a trace", body: { query: PROVIDERS_QUERY }, headers: { "apollo-federation-include-trace": "ftv1" }, lane: "apollo" },
];

/** Sends the request to both servers; the one with the lane must answer it by `lane`, and as Apollo does. */
async function expectSameAnswer(pair: Pair, lane: Case["lane"], body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<void> {
  // One x-request-id for both, so that the header is compared too: each server echoes it.
  const requestId = `fast-lane-${randomUUID()}`;
  const send = (url: string) => request(url).post("/").set("content-type", "application/json").set("x-request-id", requestId).set(headers).send(body);
  const before = await pair.lanes();
  const [fast, apollo] = [await send(pair.fast), await send(pair.apollo)];
  const after = await pair.lanes();
  // The Apollo-only server counts one "apollo" request; the other counts one in the lane it took.
  const counted = { fast: { fast: 1, apollo: 1 }, apollo: { fast: 0, apollo: 2 }, neither: { fast: 0, apollo: 0 } }[lane];
  expect({ fast: after.fast - before.fast, apollo: after.apollo - before.apollo }).toEqual(counted);
  expect({ status: fast.status, headers: comparableHeaders(fast) }).toEqual({ status: apollo.status, headers: comparableHeaders(apollo) });
  expect(comparable(fast.text)).toEqual(comparable(apollo.text));
}

/**
 * Every response header, by name and value, but for what differs between any two responses of
 * one server: `date` (the second it was sent) and `content-length`, which follows the body and its
 * varying values (checked against the body instead, so a wrong length still fails).
 */
function comparableHeaders(response: request.Response): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...response.headers };
  expect(Number(headers["content-length"])).toBe(Buffer.byteLength(response.text));
  delete headers.date;
  delete headers["content-length"];
  return headers;
}

describe.each([["test" as const], ["production" as const]])("with NODE_ENV=%s, the fast lane answers as Apollo Server does", (nodeEnv) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(nodeEnv, null);
  });
  afterAll(() => pair.close());

  it.each(CASES.map((c) => [c.name, c] as const))("for %s", async (_name, c) => {
    await expectSameAnswer(pair, c.lane, c.body, c.headers);
  });

  it(`answers schema introspection ${nodeEnv === "production" ? "through Apollo, which refuses it" : "as Apollo does"}`, async () => {
    await expectSameAnswer(pair, nodeEnv === "production" ? "apollo" : "fast", { query: "{ __schema { queryType { name } } }" });
  });

  it("leaves a POST that a page could send without a preflight to Apollo's CSRF prevention", async () => {
    const before = await pair.lanes();
    const send = (url: string) => request(url).post("/").set("content-type", "text/plain").send(JSON.stringify(removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })));
    const [fast, apollo] = [await send(pair.fast), await send(pair.apollo)];
    expect(fast.status).toBe(400);
    expect(comparable(fast.text)).toEqual(comparable(apollo.text));
    expect((await pair.lanes()).fast).toBe(before.fast);
  });

  it("sends each removal the lane answers to the provider once", async () => {
    const before = pair.sims.blueshift.requests.length;
    await request(pair.fast).post("/").send(removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid }));
    expect(pair.sims.blueshift.requests.slice(before).map((r) => r.method)).toEqual(["DELETE"]);
  });
});

describe("with caller auth, the fast lane answers as Apollo Server does", () => {
  const log = logCapture();
  let pair: Pair;
  let token: string;
  let withoutScope: string;
  beforeAll(async () => {
    pair = await startPair("production", SECRET_AUTH, log.destination);
    token = await callerToken();
    withoutScope = await callerToken({ scope: "openid" });
  });
  afterAll(() => pair.close());

  const removalBody = removal("BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid });

  it("for a caller with the scope", async () => {
    await expectSameAnswer(pair, "fast", removalBody, { authorization: `Bearer ${token}` });
  });

  it("writes the same audit line", async () => {
    const auditLine = async (url: string) => {
      await request(url).post("/").set("authorization", `Bearer ${token}`).set("x-request-id", "audit-line-1").send(removalBody);
      const { time: _time, durationMs: _duration, ...line } = log.lines().filter((l) => l.msg === "graphql request").pop() as Record<string, unknown>;
      return line;
    };
    const fast = await auditLine(pair.fast);
    expect(fast).toMatchObject({ sub: "ops-alice", status: 200, request_id: "audit-line-1", removals: [{ provider: "BLUESHIFT", result: "MembershipRemoval" }] });
    expect(fast).toEqual(await auditLine(pair.apollo));
  });

  // Refused from the Authorization header before the body is read, so neither lane sees them.
  it("for a caller without a token (401 with a challenge)", async () => {
    await expectSameAnswer(pair, "neither", removalBody);
  });

  it("for a caller whose token does not verify", async () => {
    await expectSameAnswer(pair, "neither", removalBody, { authorization: "Bearer not.a.jwt" });
  });

  it("for a caller without the scope (403), sending nothing upstream", async () => {
    const before = pair.sims.blueshift.requests.length;
    await expectSameAnswer(pair, "apollo", removalBody, { authorization: `Bearer ${withoutScope}` });
    expect(pair.sims.blueshift.requests.length).toBe(before);
  });

  it("for a query by a caller without the scope", async () => {
    await expectSameAnswer(pair, "fast", { query: PROVIDERS_QUERY }, { authorization: `Bearer ${withoutScope}` });
  });
});
