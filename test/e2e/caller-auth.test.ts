import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import request from "supertest";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { AUDIENCE, callerToken, ISSUER, SECRET_AUTH, unsignedToken } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startFacade, type Facade } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";

const PROVIDERS_QUERY = "{ providers { provider configured } }";

const removal = (url: string, authorization?: string, userRef: Record<string, string> = { uuid: blueshiftDemo.customerUuid }) => {
  const call = request(url).post("/").set("content-type", "application/json");
  if (authorization !== undefined) call.set("authorization", authorization);
  return call.send({ query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef } });
};

const codes = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.map((e) => e.extensions.code);

const upstreamRequests = (facade: Facade) => facade.blueshift.requests.length + facade.usergrid.requests.length;

describe("caller authentication with a shared secret (AUTH_JWT_SECRET)", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade({ auth: SECRET_AUTH });
  });
  afterAll(() => facade.close());
  beforeEach(() => {
    facade.blueshift.reset();
    facade.usergrid.reset();
  });

  const hourAgo = () => Math.floor(Date.now() / 1000) - 3600;

  it.each<[string, () => Promise<string | undefined>]>([
    ["no Authorization header", async () => undefined],
    ["a scheme other than Bearer", async () => `Basic ${Buffer.from("ops-alice:password").toString("base64")}`],
    ["a token that is not a JWT", async () => "Bearer not.a.jwt"],
    ["an expired token", async () => `Bearer ${await callerToken({ exp: hourAgo(), iat: hourAgo() - 60 })}`],
    ["a token for another audience", async () => `Bearer ${await callerToken({ aud: "some-other-api" })}`],
    ["a token from another issuer", async () => `Bearer ${await callerToken({ iss: "https://elsewhere.test/" })}`],
    ["a token signed with another key", async () => `Bearer ${await callerToken({}, "another-secret-that-is-32-chars-long!!")}`],
    ["an unsigned token (alg: none)", async () => `Bearer ${unsignedToken({ iss: ISSUER, aud: AUDIENCE, sub: "ops-alice", exp: hourAgo() + 7200, scope: "memberships:write" })}`],
    ["a token without a subject", async () => `Bearer ${await callerToken({ sub: undefined })}`],
  ])("refuses %s with UNAUTHENTICATED (HTTP 401) and calls no provider", async (_, authorization) => {
    const response = await removal(facade.url, await authorization());
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(response.body.data).toBeUndefined();
    expect(codes(response.body)).toEqual(["UNAUTHENTICATED"]);
    expect(upstreamRequests(facade)).toBe(0);
  });

  it("refuses a valid token without the scope with FORBIDDEN (HTTP 403) and calls no provider", async () => {
    const response = await removal(facade.url, `Bearer ${await callerToken({ scope: "openid profile" })}`);
    expect(response.status).toBe(403);
    expect(response.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope", scope="memberships:write"');
    expect(codes(response.body)).toEqual(["FORBIDDEN"]);
    expect(upstreamRequests(facade)).toBe(0);
  });

  it("removes for a caller whose scope claim holds the scope", async () => {
    const response = await removal(facade.url, `Bearer ${await callerToken()}`);
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval" });
  });

  it("reads the scope from an scp array as well", async () => {
    const token = await callerToken({ scope: undefined, scp: ["openid", "memberships:write"] });
    const response = await removal(facade.url, `Bearer ${token}`, { uuid: blueshiftDemo.secondMemberUuid });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval" });
  });

  it("answers Query.providers to any valid token, scope or not, and to no one without a token", async () => {
    const withToken = await request(facade.url).post("/").set("authorization", `Bearer ${await callerToken({ scope: "openid" })}`).send({ query: PROVIDERS_QUERY });
    expect(withToken.body.data.providers).toHaveLength(2);
    const without = await request(facade.url).post("/").send({ query: PROVIDERS_QUERY });
    expect(without.status).toBe(401);
    expect(codes(without.body)).toEqual(["UNAUTHENTICATED"]);
  });
});

/**
 * A valid document of some 11 KB and 420 tokens that no server has seen: 35 fragments, each
 * with a long unique name, all spread into one query.
 */
function largeUniqueDocument(): string {
  const nonce = randomUUID().replace(/-/g, "");
  const names = Array.from({ length: 35 }, (_, i) => `Fragment${i}_${nonce}_${"x".repeat(100)}`);
  return `query Large { ${names.map((name) => `...${name}`).join(" ")} } ${names.map((name) => `fragment ${name} on Query { providers { provider } }`).join(" ")}`;
}

/** Apollo Server's inline-trace request header: the fast lane leaves such a request to Apollo. */
const APOLLO_PATH = { "apollo-federation-include-trace": "ftv1" };

describe("a caller refused costs a header read and a signature check, no more (docs/contract.md §7)", () => {
  let facade: Facade;
  let token: string;
  beforeAll(async () => {
    facade = await startFacade({ auth: SECRET_AUTH });
    token = await callerToken();
  });
  afterAll(() => facade.close());

  const metric = async (name: string, labels: Record<string, string> = {}) => sample(await scrape(facade.metricsUrl), name, labels);
  const post = (headers: Record<string, string>, body: object) => request(facade.url).post("/").set("content-type", "application/json").set(headers).send(body);

  it.each([
    ["the fast lane's", {}],
    ["Apollo Server's", APOLLO_PATH],
  ])("refuses a large unique document without a token on %s path without parsing it", async (_, headers) => {
    const parsedBefore = await metric("graphql_documents_parsed_total");
    const refused = await post(headers, { query: largeUniqueDocument() });
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toBe("Bearer");
    expect(codes(refused.body)).toEqual(["UNAUTHENTICATED"]);
    expect(await metric("graphql_documents_parsed_total")).toBe(parsedBefore);

    // The same kind of document from a caller with a token is parsed: the counter does count.
    const answered = await post({ ...headers, authorization: `Bearer ${token}` }, { query: largeUniqueDocument() });
    expect(answered.status).toBe(200);
    expect(answered.body.data.providers).toHaveLength(2);
    expect(await metric("graphql_documents_parsed_total")).toBe(parsedBefore + 1);
  });

  it("answers 401 before the body has been sent, so it never reads it", async () => {
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const { hostname, port } = new URL(facade.url);
      const call = httpRequest({ hostname, port, method: "POST", path: "/", headers: { "content-type": "application/json", "content-length": 1_000_000 } }, resolve);
      call.on("error", reject);
      // A tenth of the body, and then nothing: a server that waited for the rest would never answer.
      call.write(`{"query":"${"x".repeat(100_000)}`);
    });
    answer.resume();
    answer.destroy();
    expect(answer.statusCode).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe("Bearer");
  });

  it.each([
    ["a query the fast lane runs", {}, { query: PROVIDERS_QUERY }],
    ["a query Apollo Server runs", APOLLO_PATH, { query: PROVIDERS_QUERY }],
    // The lane declines it (no scope) and Apollo Server refuses it: one verification between them.
    ["a mutation refused for want of the scope", {}, { query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } } }],
  ])("verifies the caller once for %s", async (_, headers, body) => {
    const withoutScope = await callerToken({ scope: "openid" });
    const before = await metric("caller_verifications_total", { result: "accepted" });
    const response = await post({ ...headers, authorization: `Bearer ${withoutScope}` }, body);
    expect(response.status).toBe("variables" in body ? 403 : 200);
    expect(await metric("caller_verifications_total", { result: "accepted" })).toBe(before + 1);
  });

  it("counts each refused caller once, by reason", async () => {
    const before = await metric("caller_verifications_total", { result: "missing" });
    expect((await post({}, { query: PROVIDERS_QUERY })).status).toBe(401);
    expect(await metric("caller_verifications_total", { result: "missing" })).toBe(before + 1);
  });

  it("keeps serving the Sandbox page, /healthz and /readyz without a token", async () => {
    const page = await request(facade.url).get("/").set("accept", "text/html");
    expect(page.status).toBe(200);
    expect(page.text).toContain("embeddable-sandbox");
    expect((await request(facade.url).get("/healthz")).status).toBe(200);
    expect((await request(facade.url).get("/readyz")).status).toBe(200);
  });

  it("answers a browser's CORS preflight, which carries no credentials", async () => {
    const preflight = await request(facade.url).options("/").set("origin", "https://app.example").set("access-control-request-method", "POST");
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
  });
});

/** A key set as an identity provider publishes it, whose keys can be rotated. */
async function startKeySet(): Promise<{ url: string; publish(keys: JWK[]): void; fetches: () => number; close(): Promise<void> }> {
  let body = JSON.stringify({ keys: [] });
  let fetches = 0;
  const server: Server = createServer((_, res) => {
    fetches += 1;
    res.setHeader("content-type", "application/json");
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    publish: (keys) => {
      body = JSON.stringify({ keys });
    },
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const sign = () =>
    new SignJWT({ sub: "ops-bob", scope: "memberships:write" })
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("1h")
      .sign(privateKey);
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }, sign };
}

describe("caller authentication with a key set (AUTH_JWKS_URL)", () => {
  it("accepts a token signed by a new key once the issuer publishes it, and refuses the retired key's", async () => {
    const keySet = await startKeySet();
    const [before, after] = await Promise.all([signingKey("2025-key"), signingKey("2026-key")]);
    keySet.publish([before.jwk]);
    // No cooldown: rotation is seen at the first token that names an unknown key.
    const facade = await startFacade({ auth: { ...SECRET_AUTH, keys: { kind: "jwks", url: keySet.url, cooldownMs: 0 } } });
    try {
      const providers = (token: string) => request(facade.url).post("/").set("authorization", `Bearer ${token}`).send({ query: PROVIDERS_QUERY });

      expect((await providers(await before.sign())).status).toBe(200);
      expect((await providers(await before.sign())).status).toBe(200);
      expect(keySet.fetches()).toBe(1);

      keySet.publish([after.jwk]);
      expect((await providers(await after.sign())).status).toBe(200);
      const retired = await providers(await before.sign());
      expect(retired.status).toBe(401);
      expect(codes(retired.body)).toEqual(["UNAUTHENTICATED"]);
      // An HMAC token "signed" with the published public key: the algorithm confusion attack.
      const confused = await new SignJWT({ sub: "mallory", scope: "memberships:write" })
        .setProtectedHeader({ alg: "HS256", kid: "2026-key" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode(JSON.stringify(after.jwk)));
      expect((await providers(confused)).status).toBe(401);
      expect(facade.blueshift.requests.length + facade.usergrid.requests.length).toBe(0);
    } finally {
      await facade.close();
      await keySet.close();
    }
  });

  it("refuses callers with UNAUTHENTICATED while the key set cannot be fetched, and keeps serving", async () => {
    const keySet = await startKeySet();
    const { sign } = await signingKey("2025-key");
    await keySet.close();
    const facade = await startFacade({ auth: { ...SECRET_AUTH, keys: { kind: "jwks", url: keySet.url, cooldownMs: 0 } } });
    try {
      const response = await request(facade.url).post("/").set("authorization", `Bearer ${await sign()}`).send({ query: PROVIDERS_QUERY });
      expect(response.status).toBe(401);
      expect(response.body.errors[0].message).toBe("The token could not be checked now; try again.");
      expect((await request(facade.url).get("/healthz")).status).toBe(200);
    } finally {
      await facade.close();
    }
  });
});
