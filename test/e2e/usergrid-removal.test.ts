import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";

const d = usergridDemo;

describe("removing a Usergrid user from a group", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(async () => {
    // The simulator records any DELETE without a user segment or with a ql query: there must be none.
    expect(facade.usergrid.violations).toEqual([]);
    await facade.close();
  });

  const routes = () => facade.usergrid.requests.map((r) => r.route);
  const deletes = () => facade.usergrid.requestsTo("removeUser");

  it("removes someUser from someGroup by username, and names the group by its UUID", async () => {
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({
      __typename: "MembershipRemoval",
      provider: "USERGRID",
      group: { provider: "USERGRID", id: d.groupUuid },
      user: { provider: "USERGRID", id: d.userUuid, username: d.username, email: d.userEmail },
    });
    expect(facade.usergrid.isMember(d.groupPath, d.userUuid)).toBe(false);
    expect(routes()).toEqual(["token", "getMembership", "removeUser"]);
    // The DELETE addresses the user by the UUID the membership read returned.
    expect(deletes()[0]?.path).toBe(`/${d.org}/${d.app}/groups/${d.groupPath}/users/${d.userUuid}`);
    expect(deletes()[0]?.headers.authorization).toMatch(/^Bearer YWMt/);
  });

  it("removes another member by UUID", async () => {
    const result = await facade.result("USERGRID", d.groupPath, { uuid: d.secondMemberUuid });
    expect(result).toMatchObject({
      __typename: "MembershipRemoval",
      user: { id: d.secondMemberUuid, username: d.secondMemberUsername, email: d.secondMemberEmail },
    });
    expect(facade.usergrid.isMember(d.groupPath, d.secondMemberUuid)).toBe(false);
  });

  it("removes another member by email, resolved with a users query first", async () => {
    const result = await facade.result("USERGRID", d.groupPath, { email: d.thirdMemberEmail });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", user: { id: d.thirdMemberUuid, email: d.thirdMemberEmail } });
    const query = facade.usergrid.requestsTo("queryUsers")[0];
    // Encoded twice: Usergrid decodes ql twice (usergrid.md §1b).
    expect(query?.path).toBe(`/${d.org}/${d.app}/users?ql=${encodeURIComponent(encodeURIComponent(`select * where email='${d.thirdMemberEmail}'`))}`);
    expect(facade.usergrid.isMember(d.groupPath, d.thirdMemberUuid)).toBe(false);
  });

  it("answers MembershipNotFoundError with groupExists true on a repeat, and sends no DELETE for it", async () => {
    await facade.result("USERGRID", d.groupPath, { username: d.username });
    const again = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(again).toMatchObject({ __typename: "MembershipNotFoundError", groupExists: true, upstreamStatus: 404 });
    expect(deletes()).toHaveLength(1);
  });

  it("does not report a removal for a user who was never a member, though Usergrid's DELETE would answer 200", async () => {
    const result = await facade.result("USERGRID", d.groupPath, { uuid: d.groupLessUserUuid });
    expect(result).toMatchObject({ __typename: "MembershipNotFoundError", groupExists: true });
    expect(deletes()).toHaveLength(0);
  });

  it("answers GroupNotFoundError for an unknown group", async () => {
    const result = await facade.result("USERGRID", "no-such-group", { username: d.username });
    expect(result).toMatchObject({ __typename: "GroupNotFoundError", groupId: "no-such-group", upstreamStatus: 404 });
    expect(deletes()).toHaveLength(0);
  });

  it.each([
    ["username", { username: "nobody.at.all" }],
    ["UUID", { uuid: d.unknownUserUuid }],
    ["email", { email: "nobody.at.all@example.com" }],
  ])("answers UserNotFoundError for an unknown user by %s", async (_label, userRef) => {
    const result = await facade.result("USERGRID", d.groupPath, userRef);
    expect(result).toMatchObject({ __typename: "UserNotFoundError" });
    expect(deletes()).toHaveLength(0);
  });

  it("sends a group path that needs encoding intact, each segment encoded", async () => {
    const result = await facade.result("USERGRID", d.encodedGroupPath, { uuid: d.multiGroupUserUuid });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", group: { id: d.encodedGroupUuid } });
    expect(deletes()[0]?.path).toBe(`/${d.org}/${d.app}/groups/sales%20team%20%231/users/${d.multiGroupUserUuid}`);
  });

  it("sends a hierarchical group path with its slash literal", async () => {
    const result = await facade.result("USERGRID", d.hierarchicalGroupPath, { username: d.multiGroupUsername });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", group: { id: d.hierarchicalGroupUuid } });
    expect(deletes()[0]?.path).toBe(`/${d.org}/${d.app}/groups/marketing/emea/users/${d.multiGroupUserUuid}`);
  });

  it.each([
    ["an empty segment", "marketing//emea"],
    ["a trailing slash", "marketing/"],
    ["a dot-dot segment", "marketing/../admin"],
    ["a collection name as a segment", "someGroup/users"],
  ])("refuses a group path with %s before any call", async (_label, groupId) => {
    const result = await facade.result("USERGRID", groupId, { username: d.username });
    expect(result).toMatchObject({ __typename: "InvalidInputError", field: "groupId" });
    expect(facade.usergrid.requests).toHaveLength(0);
  });

  it("refuses an email that would change the users query", async () => {
    const result = await facade.result("USERGRID", d.groupPath, { email: "o'brien@example.com" });
    expect(result).toMatchObject({ __typename: "InvalidInputError", field: "userRef.email" });
    expect(facade.usergrid.requests).toHaveLength(0);
  });

  it("reports OutcomeUnknownError when the DELETE answers 500", async () => {
    facade.usergrid.script("removeUser", [usergridFaults.serverError(500)]);
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 1, upstreamStatus: 500 });
  });

  it("reports UpstreamUnavailableError when the DELETE answers 503 to every attempt", async () => {
    const unavailable = usergridFaults.serverError(503);
    facade.usergrid.script("removeUser", [unavailable, unavailable, unavailable]);
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", reason: "SERVER_ERROR" });
    expect(facade.usergrid.isMember(d.groupPath, d.userUuid)).toBe(true);
  });
});

describe("the Usergrid token lifecycle", () => {
  let facade: Facade | undefined;
  afterEach(async () => {
    await facade?.close();
    facade = undefined;
  });

  it("asks for exactly one token when 50 removals arrive on a cold server", async () => {
    facade = await startFacade();
    const members = [d.username, d.secondMemberUsername, d.thirdMemberUsername, d.multiGroupUsername];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => facade!.result("USERGRID", d.groupPath, { username: members[i % members.length] as string })),
    );
    expect(facade.usergrid.requestsTo("token")).toHaveLength(1);
    expect(results.filter((r) => r.__typename === "MembershipRemoval").length).toBeGreaterThanOrEqual(members.length);
    expect(results.every((r) => r.__typename === "MembershipRemoval" || r.__typename === "MembershipNotFoundError" || r.__typename === "OutcomeUnknownError")).toBe(true);
  });

  it("refreshes an expired token without the caller seeing an error", async () => {
    facade = await startFacade({ usergridSimulator: { tokenTtlSeconds: 1 } });
    expect((await facade.result("USERGRID", d.groupPath, { username: d.username })).__typename).toBe("MembershipRemoval");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await facade.result("USERGRID", d.groupPath, { username: d.secondMemberUsername });
    expect(later.__typename).toBe("MembershipRemoval");
    expect(facade.usergrid.requestsTo("token")).toHaveLength(2);
  });

  it("fetches a new token once when Usergrid says the token was revoked, and repeats the call", async () => {
    facade = await startFacade();
    await facade.result("USERGRID", d.groupPath, { username: d.username });
    facade.usergrid.revokeAllTokens();
    const result = await facade.result("USERGRID", d.groupPath, { username: d.secondMemberUsername });
    expect(result.__typename).toBe("MembershipRemoval");
    expect(facade.usergrid.requestsTo("token")).toHaveLength(2);
  });

  it("answers ProviderAuthError when a fresh token is refused too", async () => {
    facade = await startFacade();
    facade.usergrid.script("getMembership", [usergridFaults.expiredToken(), usergridFaults.expiredToken()]);
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "ProviderAuthError", upstreamStatus: 401 });
    expect(facade.usergrid.requestsTo("getMembership")).toHaveLength(2);
    expect(facade.usergrid.requestsTo("token")).toHaveLength(2);
  });

  it("reports OutcomeUnknownError, not an auth error, when a DELETE that may have applied is followed by a token Usergrid refuses to renew", async () => {
    facade = await startFacade();
    // A first removal fetches the token that the scripted DELETE then finds expired.
    expect((await facade.result("USERGRID", d.groupPath, { username: d.secondMemberUsername })).__typename).toBe("MembershipRemoval");
    facade.usergrid.script("removeUser", [{ apply: true, then: { reset: true } }, usergridFaults.expiredToken()]);
    facade.usergrid.script("token", [usergridFaults.invalidClient()]);
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 2 });
    expect(facade.usergrid.isMember(d.groupPath, d.userUuid)).toBe(false);
  });

  it("answers ProviderAuthError for a wrong client secret, and the secret is nowhere in the response", async () => {
    const secret = "wrong-client-secret-7c1d";
    facade = await startFacade({ usergridClientSecret: secret });
    const response = await facade.remove("USERGRID", d.groupPath, { username: d.username });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "ProviderAuthError", upstreamStatus: 400 });
    expect(JSON.stringify(response.body)).not.toContain("7c1d");
    expect(facade.usergrid.requestsTo("removeUser")).toHaveLength(0);
  });

  it("names the configured org and app when Usergrid has no such application", async () => {
    facade = await startFacade({ usergridApp: "no-such-app" });
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "UpstreamError", upstreamStatus: 404 });
    expect(result.message).toContain("your-org/no-such-app");
  });
});
