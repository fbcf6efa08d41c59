import { usergridDemo, usergridFaults } from "../../src/simulators/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";

const d = usergridDemo;

/** A 200 membership read that lists these users, as Usergrid answers a segment it read as a query. */
function membershipListing(...users: { uuid: string; username: string; email: string }[]) {
  return { status: 200, body: { action: "get", path: `/groups/${d.groupUuid}/users`, entities: users.map((u) => ({ uuid: u.uuid, type: "user", username: u.username, email: u.email })) } };
}
const carol = { uuid: d.carolUuid, username: d.carolUsername, email: d.carolEmail };
const someUser = { uuid: d.userUuid, username: d.username, email: d.userEmail };

describe("Usergrid: removing only the user that was named", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(async () => {
    expect(facade.usergrid.violations).toEqual([]);
    await facade.close();
  });

  const sentForMembership = () => facade.usergrid.requests.filter((r) => r.route === "getMembership" || r.route === "removeUser");

  it.each([
    ["all", "Usergrid's match-all query"],
    ["{}", "a JSON query"],
    ['{"path":"someGroup"}', "a JSON query"],
    [" someGroup", "leading whitespace Usergrid trims away"],
    ["someGroup ", "trailing whitespace"],
    ["someGroup/users ", "a collection name once trimmed"],
    ["someGroup/ROLES", "a collection name once lowercased"],
    ["all/teams", "a query as its first segment"],
    ["someGroup/all", "a query as a later segment"],
    ["me", "the token's own user, as Usergrid reads it"],
    ["ME", "the token's own user, in any case"],
    ["someGroup/Me", "the token's own user as a later segment"],
  ])("refuses groupId %j (%s) with InvalidInputError and sends nothing for it", async (groupId) => {
    const result = await facade.result("USERGRID", groupId, { username: d.username });
    expect(result).toMatchObject({ __typename: "InvalidInputError", field: "groupId", retryable: false });
    expect(sentForMembership()).toEqual([]);
    expect(facade.usergrid.isMember(d.groupUuid, d.userUuid)).toBe(true);
  });

  it.each(["all", "me", "ME", "Me", "{}", '{"username":"carol"}', " someUser", "someUser ", "some/User"])(
    "refuses username %j with InvalidInputError and sends nothing for it",
    async (username) => {
      const result = await facade.result("USERGRID", d.groupPath, { username });
      expect(result).toMatchObject({ __typename: "InvalidInputError", field: "userRef.username" });
      expect(sentForMembership()).toEqual([]);
      expect(facade.usergrid.requestsTo("getUser")).toEqual([]);
      expect(facade.usergrid.isMember(d.groupUuid, d.carolUuid)).toBe(true);
    },
  );

  it('sends the username ALL in capitals as a name: Usergrid reads only exactly "all" as a query', async () => {
    // No such user: the point is that the name is sent and answered as a name.
    const result = await facade.result("USERGRID", d.groupPath, { username: "ALL" });
    expect(result.__typename).toBe("UserNotFoundError");
    expect(facade.usergrid.requestsTo("removeUser")).toEqual([]);
  });

  it.each([
    ["names another user", [carol]],
    ["lists several users", [someUser, carol]],
  ])("answers UpstreamError and sends no DELETE when the membership read %s", async (_label, users) => {
    facade.usergrid.script("getMembership", [membershipListing(...users)]);
    const result = await facade.result("USERGRID", d.groupPath, { username: d.username });
    expect(result).toMatchObject({ __typename: "UpstreamError", upstreamStatus: 200 });
    expect(facade.usergrid.requestsTo("removeUser")).toEqual([]);
    expect(facade.usergrid.isMember(d.groupUuid, d.carolUuid)).toBe(true);
    expect(facade.usergrid.isMember(d.groupUuid, d.userUuid)).toBe(true);
  });

  it("answers UpstreamError when a read by UUID names another UUID", async () => {
    facade.usergrid.script("getMembership", [membershipListing(carol)]);
    const result = await facade.result("USERGRID", d.groupPath, { uuid: d.userUuid });
    expect(result.__typename).toBe("UpstreamError");
    expect(facade.usergrid.requestsTo("removeUser")).toEqual([]);
  });

  it("encodes the email query twice, so an email holding %27 cannot widen it to another user", async () => {
    const email = "nobody%27%20or%20username%3D%27carol%27%20or%20email%3D%27x@example.com";
    const result = await facade.result("USERGRID", d.groupPath, { email });
    expect(result.__typename).toBe("UserNotFoundError");
    expect(facade.usergrid.requestsTo("removeUser")).toEqual([]);
    expect(facade.usergrid.isMember(d.groupUuid, d.carolUuid)).toBe(true);
  });

  it("counts only users whose own email is the one asked for, whatever the query matched", async () => {
    facade.usergrid.script("queryUsers", [membershipListing(carol)]);
    const result = await facade.result("USERGRID", d.groupPath, { email: "victim@example.com" });
    expect(result.__typename).toBe("UserNotFoundError");
    expect(facade.usergrid.requests.filter((r) => r.route === "getMembership" || r.route === "removeUser")).toEqual([]);
    expect(facade.usergrid.isMember(d.groupUuid, d.carolUuid)).toBe(true);
  });

  it("finds a user whose email holds a '+', which a once-encoded query would read as a space", async () => {
    const result = await facade.result("USERGRID", d.opsGroupPath, { email: d.plusEmailUserEmail });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", user: { id: d.plusEmailUserUuid, email: d.plusEmailUserEmail } });
    expect(facade.usergrid.isMember(d.opsGroupUuid, d.plusEmailUserUuid)).toBe(false);
    expect(facade.usergrid.isMember(d.opsGroupUuid, d.carolUuid)).toBe(true);
  });
});

describe("Usergrid: credentials an upstream echoes never reach the caller", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  /** Every bearer token the facade sent, and the client secret. */
  const credentialsSent = () => [
    ...new Set(facade.usergrid.requests.flatMap((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? "")?.[1] ?? [])),
    d.clientSecret,
  ];

  it("removes the current and the previous access token from a 401 that echoes them", async () => {
    const echo = { echo: ["authorization", "token"] } as const;
    facade.usergrid.script("getMembership", [usergridFaults.expiredToken(echo), usergridFaults.expiredToken(echo)]);
    const response = await facade.remove("USERGRID", d.groupPath, { username: d.username });
    const result = response.body.data.removeUserFromGroup;
    expect(result).toMatchObject({ __typename: "ProviderAuthError", upstreamStatus: 401 });
    expect(result.message).toContain("[redacted]");
    // Two tokens: the first, refused, and the one fetched to replace it.
    expect(credentialsSent()).toHaveLength(3);
    for (const credential of credentialsSent()) expect(response.text).not.toContain(credential);
  });

  it("removes the access token from a 500 that echoes it", async () => {
    facade.usergrid.script("getMembership", [usergridFaults.serverError(500, { echo: ["authorization", "token"] })]);
    const response = await facade.remove("USERGRID", d.groupPath, { username: d.username });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "UpstreamError", upstreamStatus: 500 });
    expect(response.text).toContain("[redacted]");
    for (const credential of credentialsSent()) expect(response.text).not.toContain(credential);
  });

  it("removes the client secret from a refused grant that echoes it", async () => {
    facade.usergrid.script("token", [usergridFaults.invalidGrant({ echo: "clientSecret" })]);
    const response = await facade.remove("USERGRID", d.groupPath, { username: d.username });
    expect(response.body.data.removeUserFromGroup).toMatchObject({ __typename: "ProviderAuthError" });
    expect(response.text).toContain("[redacted]");
    expect(response.text).not.toContain(d.clientSecret);
  });
});
