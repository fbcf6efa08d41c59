import { createServer } from "node:net";
import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import type { Fault } from "../../src/simulators/kit/fault";
import { startFacade, type Facade } from "../support/facade";

const { groupId, customerUuid } = blueshiftDemo;
const UNKNOWN_UUID = "0b0b0b0b-1111-4222-8333-444444444444";
/** The facade under test makes up to 3 attempts (UPSTREAM_MAX_ATTEMPTS). */
const everyAttempt = (fault: Fault): Fault[] => [fault, fault, fault];

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("removing a Blueshift customer from a customer group", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  const removals = () => facade.blueshift.requests.filter((r) => r.route === "removeUser");

  it("removes the demo customer and answers MembershipRemoval with group, user and removedAt", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({
      __typename: "MembershipRemoval",
      provider: "BLUESHIFT",
      group: { provider: "BLUESHIFT", id: groupId },
      user: { provider: "BLUESHIFT", id: customerUuid },
    });
    expect(new Date(result.removedAt as string).toString()).not.toBe("Invalid Date");
    expect(result.upstreamRequestId).toEqual(expect.any(String));
    expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);

    const sent = removals()[0];
    expect(sent?.method).toBe("DELETE");
    expect(sent?.path).toBe(`/api/v1/customer_group/${groupId}/user/${customerUuid}`);
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${blueshiftDemo.apiKey}:`).toString("base64")}`);
  });

  it("answers MembershipNotFoundError with groupExists null when the same removal is repeated", async () => {
    await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    const again = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(again).toMatchObject({ __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", groupExists: null, retryable: false, upstreamStatus: 404 });
    // Blueshift's one 404 is told apart by reading the customer.
    expect(facade.blueshift.requests.map((r) => r.route)).toEqual(["removeUser", "removeUser", "getCustomer"]);
  });

  it("reports UserNotFoundError when Blueshift answers 404 and the customer does not exist", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { uuid: UNKNOWN_UUID });
    expect(result).toMatchObject({ __typename: "UserNotFoundError", code: "USER_NOT_FOUND", upstreamStatus: 404 });
  });

  it("resolves an email to the customer's UUID and removes that customer", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { email: blueshiftDemo.customerEmail });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", user: { id: customerUuid, email: blueshiftDemo.customerEmail } });
    const [lookup] = facade.blueshift.requests;
    expect(lookup?.route).toBe("searchCustomers");
    expect(lookup?.path).toBe(`/api/v1/customers?email=${encodeURIComponent(blueshiftDemo.customerEmail)}`);
    expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);
  });

  it("reports UserNotFoundError for an email no customer has, and sends no removal", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { email: "nobody.here@example.com" });
    expect(result).toMatchObject({ __typename: "UserNotFoundError" });
    expect(removals()).toHaveLength(0);
  });

  it("refuses an email that several customers share rather than guess whom to remove", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { email: blueshiftDemo.sharedEmail });
    expect(result).toMatchObject({ __typename: "InvalidInputError", field: "userRef.email" });
    expect(removals()).toHaveLength(0);
  });

  it("answers UnsupportedUserRefError for a username, without calling Blueshift", async () => {
    const result = await facade.result("BLUESHIFT", groupId, { username: "orion" });
    expect(result).toMatchObject({ __typename: "UnsupportedUserRefError", supported: ["UUID", "EMAIL"] });
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it.each([
    ["empty", ""],
    ["oversized", "g".repeat(257)],
    ["control characters", "grp\u0000x"],
    ["a dot-dot segment", ".."],
  ])("answers InvalidInputError for a %s groupId with no upstream call", async (_label, badGroupId) => {
    const result = await facade.result("BLUESHIFT", badGroupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "InvalidInputError", field: "groupId", code: "INVALID_INPUT" });
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it("sends a groupId with a slash as one encoded segment", async () => {
    await facade.result("BLUESHIFT", "a/../b", { uuid: customerUuid });
    expect(removals()[0]?.path).toBe(`/api/v1/customer_group/a%2F..%2Fb/user/${customerUuid}`);
  });

  it("never calls Blueshift's delete-group route", async () => {
    await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(facade.blueshift.requests.filter((r) => r.route === "deleteGroup")).toHaveLength(0);
  });

  it("reports PermissionDeniedError with the premium-feature hint on 403", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.forbidden()]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "PermissionDeniedError", upstreamStatus: 403 });
    expect(result.message).toMatch(/premium/);
  });

  it("reports RateLimitedError with retryAfterSeconds from a Retry-After in seconds", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited("7")]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "RateLimitedError", retryAfterSeconds: 7, retryable: true, upstreamStatus: 429 });
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    facade.blueshift.script("removeUser", [blueshiftFaults.rateLimited(inTwoMinutes)]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result.__typename).toBe("RateLimitedError");
    expect(result.retryAfterSeconds).toBeGreaterThan(100);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it("reports UpstreamUnavailableError when Blueshift answers 503 to every attempt: nothing was applied", async () => {
    facade.blueshift.script("removeUser", everyAttempt(blueshiftFaults.serverError(503)));
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "SERVER_ERROR", upstreamStatus: 503, retryable: true });
    expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(true);
  });

  it("reports OutcomeUnknownError on 500 after one attempt: Blueshift may have applied it and says not to retry blindly", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.serverError(500)]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", code: "OUTCOME_UNKNOWN", attempts: 1, unknownReason: "SERVER_ERROR", upstreamStatus: 500, retryable: true });
    expect(removals()).toHaveLength(1);
  });

  it.each([502, 504] as const)("reports OutcomeUnknownError when every attempt answers %i: Blueshift may have applied it", async (status) => {
    facade.blueshift.script("removeUser", everyAttempt(blueshiftFaults.serverError(status)));
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 3, unknownReason: "SERVER_ERROR", upstreamStatus: status, retryable: true });
  });

  it("reports OutcomeUnknownError when Blueshift applied the removal and then answered 502", async () => {
    facade.blueshift.script("removeUser", [{ apply: true, then: blueshiftFaults.serverError(502) }]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result.__typename).toBe("OutcomeUnknownError");
    expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);
  });

  it("reports OutcomeUnknownError with reason TIMEOUT when Blueshift hangs past the timeout on every attempt", async () => {
    facade.blueshift.script("removeUser", everyAttempt({ hang: true }));
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", unknownReason: "TIMEOUT", upstreamStatus: null });
  });

  it("reports UpstreamError when a 200 names another user", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.notEchoing()]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "UpstreamError", upstreamStatus: 200 });
  });

  it("reports OutcomeUnknownError when a timed-out attempt applied the removal and the retry's 200 does not confirm it", async () => {
    facade.blueshift.script("removeUser", [{ apply: true, then: { hang: true } }, blueshiftFaults.notEchoing()]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 2, unknownReason: "TIMEOUT", upstreamStatus: 200, retryable: true });
    expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);
  });

  it.each([
    ["an empty 200", () => blueshiftFaults.emptyOk()],
    ["a non-JSON 200", () => blueshiftFaults.nonJsonOk()],
  ])("reports UpstreamError for %s", async (_label, fault) => {
    facade.blueshift.script("removeUser", [fault()]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result.__typename).toBe("UpstreamError");
  });

  it("parses an HTML 502 page without crashing", async () => {
    facade.blueshift.script("removeUser", everyAttempt(blueshiftFaults.htmlBadGateway()));
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", upstreamStatus: 502 });
    expect(result.message).not.toMatch(/<html|<body/i);
  });

  it("parses a plain-text 401 without crashing", async () => {
    facade.blueshift.script("removeUser", [blueshiftFaults.plainTextUnauthorized()]);
    const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
    expect(result).toMatchObject({ __typename: "ProviderAuthError", upstreamStatus: 401 });
    expect(result.message).toContain("HTTP Basic: Access denied.");
  });

  it("refuses two userRef fields before calling Blueshift", async () => {
    const response = await facade.remove("BLUESHIFT", groupId, { uuid: customerUuid, email: blueshiftDemo.customerEmail });
    const answered = response.body.data?.removeUserFromGroup;
    if (answered) expect(answered).toMatchObject({ __typename: "InvalidInputError", field: "userRef" });
    else expect(response.body.errors?.[0]?.message).toMatch(/exactly one/i);
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it("refuses a malformed UUID with a validation error", async () => {
    const response = await facade.remove("BLUESHIFT", groupId, { uuid: "not-a-uuid" });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(facade.blueshift.requests).toHaveLength(0);
  });
});

describe("Blueshift credentials", () => {
  it("reports ProviderAuthError for a wrong key, and no part of the key reaches the response", async () => {
    const key = "wrong-secret-key-4f9a2c";
    const facade = await startFacade({ blueshiftApiKey: key });
    try {
      const response = await facade.remove("BLUESHIFT", groupId, { uuid: customerUuid });
      const result = response.body.data.removeUserFromGroup;
      expect(result).toMatchObject({ __typename: "ProviderAuthError", code: "PROVIDER_AUTH_FAILED", upstreamStatus: 401 });
      const everything = JSON.stringify(response.body) + JSON.stringify(response.headers);
      for (const part of [key, "4f9a2c", Buffer.from(`${key}:`).toString("base64")]) expect(everything).not.toContain(part);
    } finally {
      await facade.close();
    }
  });

  it("reports UpstreamUnavailableError with reason NETWORK when the connection is refused", async () => {
    const facade = await startFacade({ blueshiftBaseUrl: await closedPortUrl() });
    try {
      const result = await facade.result("BLUESHIFT", groupId, { uuid: customerUuid });
      expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "NETWORK", upstreamStatus: null, retryable: true });
    } finally {
      await facade.close();
    }
  });
});

describe("the server around the mutation", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade();
  });
  afterAll(() => facade.close());

  it("lists each provider with what it accepts", async () => {
    const response = await request(facade.url)
      .post("")
      .send({ query: "{ providers { provider configured endpoint supportedUserRefs } }" });
    expect(response.body.data.providers).toEqual([
      { provider: "BLUESHIFT", configured: false, endpoint: "SIMULATOR", supportedUserRefs: ["UUID", "EMAIL"] },
      { provider: "USERGRID", configured: false, endpoint: "SIMULATOR", supportedUserRefs: ["UUID", "USERNAME", "EMAIL"] },
    ]);
  });

  it("serves the Apollo Sandbox landing page to a browser in development", async () => {
    const response = await request(facade.url).get("/").set("accept", "text/html");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.text).toMatch(/sandbox/i);
  });

  it("answers liveness at /healthz", async () => {
    const response = await request(facade.url).get("/healthz");
    expect(response.status).toBe(200);
  });
});
