import { startUsergridSimulator, usergridDemo, usergridFaults, type UsergridSimulator, type UsergridSimulatorOptions } from "../../../src/simulators/usergrid/simulator";
import { basicAuth, call, type Reply } from "../kit/call";

const d = usergridDemo;
const app = `/${d.org}/${d.app}`;
const memberPath = (group: string, user: string) => `${app}/groups/${group}/users/${user}`;
const json = { "content-type": "application/json" };

describe("Usergrid simulator", () => {
  let sim: UsergridSimulator;
  const start = async (options: UsergridSimulatorOptions = {}) => {
    await sim.close();
    sim = await startUsergridSimulator(options);
  };
  const grant = (body: object = { grant_type: "client_credentials", client_id: d.clientId, client_secret: d.clientSecret }) =>
    call(sim.url, "POST", `${app}/token`, { headers: json, body: JSON.stringify(body) });
  const token = async (): Promise<string> => ((await grant()).json() as { access_token: string }).access_token;
  const bearer = async () => ({ authorization: `Bearer ${await token()}` });
  const send = async (method: "GET" | "DELETE" | "PUT", path: string, headers?: Record<string, string>): Promise<Reply> =>
    call(sim.url, method, path, { headers: headers ?? (await bearer()) });
  const errorOf = (reply: Reply) => [reply.status, (reply.json() as { error: string }).error];

  beforeEach(async () => {
    sim = await startUsergridSimulator();
  });
  afterEach(() => sim.close());

  describe("tokens", () => {
    it("grants an opaque YWMt token for the client credentials, in JSON, a form, a query or Basic", async () => {
      const creds = `grant_type=client_credentials&client_id=${d.clientId}&client_secret=${d.clientSecret}`;
      const replies = [
        await grant(),
        await call(sim.url, "POST", `${app}/token`, { headers: { "content-type": "application/x-www-form-urlencoded" }, body: creds }),
        await call(sim.url, "GET", `${app}/token?${creds}`),
        await call(sim.url, "POST", `${app}/token`, { headers: { ...json, authorization: basicAuth(d.clientId, d.clientSecret) }, body: '{"grant_type":"client_credentials"}' }),
      ];
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect(reply.json()).toEqual({ access_token: expect.stringMatching(/^YWMt[\w-]{59}$/), expires_in: 604800, application: d.applicationUuid });
      }
      expect(sim.requestsTo("token")).toHaveLength(4);
    });

    it.each([
      ["a wrong secret", { grant_type: "client_credentials", client_id: d.clientId, client_secret: "wrong-secret" }],
      ["another grant", { grant_type: "refresh_token", client_id: d.clientId, client_secret: d.clientSecret }],
    ])("refuses %s with the 400 invalid_grant body", async (_case, body) => {
      const reply = await grant(body);
      expect([reply.status, reply.json()]).toEqual([400, { error: "invalid_grant", error_description: "invalid username or password" }]);
    });

    it("lets a token expire after its TTL", async () => {
      await start({ tokenTtlSeconds: 1 });
      const headers = await bearer();
      expect((await grant()).json()).toMatchObject({ expires_in: 1 });
      expect((await send("GET", `${app}/users/${d.username}`, headers)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await send("GET", `${app}/users/${d.username}`, headers);
      expect(expired.json()).toEqual({
        error: "expired_token",
        timestamp: expect.any(Number),
        duration: 0,
        exception: "org.apache.usergrid.rest.exceptions.SecurityException",
        error_description: "Unable to authenticate due to expired access token",
      });
      expect(expired.status).toBe(401);
      expect((await send("GET", `${app}/users/${d.username}`)).status).toBe(200);
    });

    it("answers auth_invalid once tokens are revoked, by the route or programmatically", async () => {
      const headers = await bearer();
      expect((await send("PUT", `${app}/users/${d.username}/revoketokens`, headers)).json()).toMatchObject({ action: "revoked user token(s)" });
      expect(errorOf(await send("GET", `${app}/users/${d.username}`, headers))).toEqual([401, "auth_invalid"]);
      const fresh = await bearer();
      sim.revokeAllTokens();
      expect(errorOf(await send("GET", `${app}/users/${d.username}`, fresh))).toEqual([401, "auth_invalid"]);
    });

    it("tells a malformed token from an unknown one, before routing", async () => {
      const unknown = `YWMt${"a".repeat(59)}`;
      expect(errorOf(await send("GET", `${app}/users/${d.username}`, { authorization: "Bearer not-a-usergrid-token" }))).toEqual([401, "auth_unverified_oath"]);
      expect(errorOf(await send("GET", `${app}/users/${d.username}`, { authorization: `Bearer ${unknown}` }))).toEqual([401, "auth_invalid"]);
      expect(errorOf(await send("GET", "/no-org/no-app/whatever", { authorization: `Bearer ${unknown}` }))).toEqual([401, "auth_invalid"]);
    });

    it("reads access_token from the query before the header", async () => {
      const good = await token();
      expect((await send("GET", `${app}/users/${d.username}?access_token=${good}`, { authorization: "Bearer junk" })).status).toBe(200);
    });

    it("answers a guest 401 unauthorized and removes nothing", async () => {
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, d.username), {}))).toEqual([401, "unauthorized"]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
    });
  });

  describe("the application", () => {
    it("answers 404 organization_application_not_found for another org or app", async () => {
      const reply = await send("DELETE", `/my-org/no-such-app/groups/${d.groupPath}/users/${d.username}`);
      expect(reply.json()).toMatchObject({
        error: "organization_application_not_found",
        error_description: `Could not find application for my-org/no-such-app from URI: my-org/no-such-app/groups/${d.groupPath}/users/${d.username}`,
      });
    });

    it("matches org and app case-insensitively and accepts the app UUID", async () => {
      const headers = await bearer();
      expect((await send("GET", `/YOUR-ORG/Your-App/users/${d.username}`, headers)).status).toBe(200);
      expect((await send("GET", `/${d.org}/${d.applicationUuid}/users/${d.username}`, headers)).status).toBe(200);
    });
  });

  describe("removing a user from a group", () => {
    it("removes by username and answers like the documented 200", async () => {
      const reply = await send("DELETE", memberPath(d.groupPath, d.username));
      expect(reply.status).toBe(200);
      expect(reply.headers["content-type"]).toBe("application/json");
      const body = reply.json() as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["action", "application", "params", "path", "uri", "entities", "timestamp", "duration", "organization", "applicationName"]);
      expect(body).toMatchObject({
        action: "delete",
        application: d.applicationUuid,
        params: {},
        path: `/groups/${d.groupUuid}/users`,
        uri: `${sim.url}/${d.org}/${d.app}/groups/${d.groupUuid}/users`,
        entities: [{ uuid: d.userUuid, type: "user", name: d.username, username: d.username, email: d.userEmail, metadata: { path: `/groups/${d.groupUuid}/users/${d.userUuid}` } }],
        organization: d.org,
        applicationName: d.app,
      });
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(false);
    });

    it("answers 200 again for a user who is no longer a member", async () => {
      const headers = await bearer();
      await send("DELETE", memberPath(d.groupPath, d.secondMemberUuid), headers);
      expect((await send("DELETE", memberPath(d.groupPath, d.secondMemberUuid), headers)).status).toBe(200);
      expect((await send("DELETE", memberPath(d.groupPath, d.groupLessUsername), headers)).status).toBe(200);
    });

    it("finds the group by UUID, by path in any case, by a hierarchical path and by an encoded legacy path", async () => {
      const headers = await bearer();
      expect((await send("DELETE", memberPath(d.groupUuid, d.secondMemberUuid), headers)).status).toBe(200);
      expect((await send("DELETE", memberPath("SOMEGROUP", d.thirdMemberUsername), headers)).status).toBe(200);
      expect((await send("DELETE", memberPath(d.hierarchicalGroupPath, d.multiGroupUserUuid), headers)).status).toBe(200);
      expect((await send("DELETE", memberPath(encodeURIComponent(d.encodedGroupPath), d.multiGroupUsername), headers)).status).toBe(200);
      expect([d.groupPath, d.hierarchicalGroupPath, d.encodedGroupPath].map((g) => sim.isMember(g, d.multiGroupUserUuid))).toEqual([true, false, false]);
      expect([sim.isMember(d.groupPath, d.secondMemberUuid), sim.isMember(d.groupPath, d.thirdMemberUuid)]).toEqual([false, false]);
    });

    it("refuses an encoded slash in the path, as Tomcat does", async () => {
      const reply = await send("DELETE", memberPath("marketing%2Femea", d.multiGroupUserUuid));
      expect([reply.status, reply.headers["content-type"]]).toEqual([400, "text/html;charset=utf-8"]);
      expect(sim.isMember(d.hierarchicalGroupPath, d.multiGroupUserUuid)).toBe(true);
    });

    it("answers entity_not_found for an unknown group path or UUID", async () => {
      const headers = await bearer();
      expect((await send("DELETE", memberPath("no-such-group", d.username), headers)).json()).toMatchObject({
        error: "entity_not_found",
        error_description: "Cannot find entity with name: no-such-group",
      });
      expect((await send("DELETE", memberPath(d.unknownGroupUuid, d.username), headers)).json()).toMatchObject({
        error: "entity_not_found",
        error_description: `Cannot find entity associated with uuid: ${d.unknownGroupUuid}`,
      });
    });

    it("answers service_resource_not_found for an unknown user and for an email, which DELETE does not look up", async () => {
      const headers = await bearer();
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, "nobody"), headers))).toEqual([404, "service_resource_not_found"]);
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, d.unknownUserUuid), headers))).toEqual([404, "service_resource_not_found"]);
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, encodeURIComponent(d.userEmail)), headers))).toEqual([404, "service_resource_not_found"]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
    });

    it("restores the membership after each removal in bench mode", async () => {
      await start({ restoreAfterRemoval: true });
      await send("DELETE", memberPath(d.groupPath, d.username));
      expect(sim.isMember(d.groupUuid, d.userUuid)).toBe(true);
    });
  });

  describe("reading memberships and users", () => {
    it("answers a member with the user and a non-member with 404 service_resource_not_found", async () => {
      const headers = await bearer();
      const member = await send("GET", memberPath(d.groupPath, d.userUuid), headers);
      expect(member.json()).toMatchObject({ action: "get", path: `/groups/${d.groupUuid}/users`, entities: [{ uuid: d.userUuid }] });
      expect(errorOf(await send("GET", memberPath(d.groupPath, d.groupLessUserUuid), headers))).toEqual([404, "service_resource_not_found"]);
      expect(errorOf(await send("GET", memberPath("no-such-group", d.userUuid), headers))).toEqual([404, "entity_not_found"]);
      expect(sim.requestsTo("getMembership")).toHaveLength(3);
    });

    it("reads a user by UUID, username or email", async () => {
      const headers = await bearer();
      for (const id of [d.userUuid.toUpperCase(), d.username.toLowerCase(), encodeURIComponent(d.userEmail)]) {
        expect((await send("GET", `${app}/users/${id}`, headers)).json()).toMatchObject({ entities: [{ uuid: d.userUuid }] });
      }
      expect(errorOf(await send("GET", `${app}/users/nobody`, headers))).toEqual([404, "service_resource_not_found"]);
    });

    it("answers an email query with every match, the email compared case-insensitively", async () => {
      const headers = await bearer();
      const ql = `select * where email='${d.secondMemberEmail.toUpperCase()}'`;
      const found = await send("GET", `${app}/users?ql=${encodeURIComponent(ql)}`, headers);
      expect(found.json()).toMatchObject({ params: { ql: [ql] }, entities: [{ uuid: d.secondMemberUuid, email: d.secondMemberEmail }] });
      const none = await send("GET", `${app}/users?ql=${encodeURIComponent("select * where email='nobody@example.com'")}`, headers);
      expect(none.json()).toMatchObject({ entities: [] });
      expect(sim.requestsTo("queryUsers")).toHaveLength(2);
    });
  });

  describe("segments that are not names (usergrid.md §1a)", () => {
    const uuids = (reply: Reply) => (reply.json() as { entities: { uuid: string }[] }).entities.map((e) => e.uuid);

    it("answers GET groups/all/users/{u} with the user once for every group they are in", async () => {
      const reply = await send("GET", memberPath("all", d.multiGroupUsername));
      expect(reply.status).toBe(200);
      const body = reply.json() as { entities: { uuid: string; metadata: { path: string } }[] };
      expect(body.entities.map((e) => e.uuid)).toEqual([d.multiGroupUserUuid, d.multiGroupUserUuid, d.multiGroupUserUuid]);
      expect(body.entities.map((e) => e.metadata.path)).toEqual(
        [d.groupUuid, d.hierarchicalGroupUuid, d.encodedGroupUuid].map((group) => `/groups/${group}/users/${d.multiGroupUserUuid}`),
      );
      expect(errorOf(await send("GET", memberPath("all", d.groupLessUsername)))).toEqual([404, "service_resource_not_found"]);
    });

    it("removes the user from every group on DELETE groups/all/users/{u}, and records it", async () => {
      const reply = await send("DELETE", memberPath("all", d.multiGroupUserUuid));
      expect(reply.json()).toMatchObject({ action: "delete", entities: [{ uuid: d.multiGroupUserUuid }, { uuid: d.multiGroupUserUuid }, { uuid: d.multiGroupUserUuid }] });
      expect([d.groupPath, d.hierarchicalGroupPath, d.encodedGroupPath].map((g) => sim.isMember(g, d.multiGroupUserUuid))).toEqual([false, false, false]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
      expect(sim.violations).toEqual([expect.stringContaining(`DELETE ${memberPath("all", d.multiGroupUserUuid)}`)]);
    });

    it("lists every member on GET groups/{g}/users/all, the first one not a user named all", async () => {
      const reply = await send("GET", memberPath(d.groupPath, "all"));
      expect(reply.status).toBe(200);
      expect(uuids(reply)).toEqual([d.userUuid, d.secondMemberUuid, d.thirdMemberUuid, d.multiGroupUserUuid, d.carolUuid, d.plusEmailUserUuid]);
      const body = reply.json() as { path: string; entities: { username: string }[] };
      expect([body.path, body.entities[0]?.username]).toEqual([`/groups/${d.groupUuid}/users`, d.username]);
    });

    it("removes every member of the group on DELETE groups/{g}/users/all, and no one elsewhere", async () => {
      const reply = await send("DELETE", memberPath(d.opsGroupPath, "all"));
      expect(uuids(reply)).toEqual([d.carolUuid, d.plusEmailUserUuid]);
      expect([sim.isMember(d.opsGroupPath, d.carolUuid), sim.isMember(d.opsGroupPath, d.plusEmailUserUuid)]).toEqual([false, false]);
      expect([sim.isMember(d.groupPath, d.carolUuid), sim.isMember(d.groupPath, d.plusEmailUserUuid)]).toEqual([true, true]);
      expect(sim.violations).toHaveLength(1);
    });

    it("reads only exactly all as a query: ALL and a padded all are names", async () => {
      const headers = await bearer();
      expect(errorOf(await send("GET", memberPath(d.groupPath, "ALL"), headers))).toEqual([404, "service_resource_not_found"]);
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, "%20all"), headers))).toEqual([404, "service_resource_not_found"]);
      expect((await send("DELETE", memberPath("ALL", d.username), headers)).json()).toMatchObject({ error: "entity_not_found", error_description: "Cannot find entity with name: all" });
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
    });

    it.each([
      ["{} matches everyone", "{}", [d.carolUuid, d.plusEmailUserUuid]],
      ["unparseable JSON matches everyone", "{oops", [d.carolUuid, d.plusEmailUserUuid]],
      ["a username filter matches that member", '{"username":"CAROL"}', [d.carolUuid]],
      ["an email filter matches that member", `{"email":"${d.plusEmailUserEmail}"}`, [d.plusEmailUserUuid]],
      ["a ql field is a query", `{"ql":"select * where username='dave'"}`, [d.plusEmailUserUuid]],
    ])("reads a JSON segment as a query: %s", async (_case, json, expected) => {
      expect(uuids(await send("GET", memberPath(d.opsGroupPath, encodeURIComponent(json))))).toEqual(expected);
    });

    it("applies a JSON query in the group position too", async () => {
      const reply = await send("DELETE", memberPath(encodeURIComponent(`{"path":"${d.opsGroupPath}"}`), d.carolUsername));
      expect(reply.json()).toMatchObject({ path: `/groups/${d.opsGroupUuid}/users`, entities: [{ uuid: d.carolUuid }] });
      expect([sim.isMember(d.opsGroupPath, d.carolUuid), sim.isMember(d.groupPath, d.carolUuid)]).toEqual([false, true]);
    });

    it("lists every group for GET groups/all and every user for GET users/all", async () => {
      const headers = await bearer();
      const groups = await send("GET", `${app}/groups/all`, headers);
      expect(uuids(groups)).toEqual([d.groupUuid, d.hierarchicalGroupUuid, d.encodedGroupUuid, d.opsGroupUuid]);
      const users = await send("GET", `${app}/users/all`, headers);
      expect(uuids(users)[0]).toBe(d.userUuid);
      expect(uuids(users)).toHaveLength(7);
    });
  });

  describe("names are trimmed and lowercased (NameParameter)", () => {
    it("finds a padded group path and a padded username", async () => {
      const headers = await bearer();
      expect((await send("GET", memberPath("%20SomeGroup", "%20someUser%20"), headers)).json()).toMatchObject({ entities: [{ uuid: d.userUuid }] });
      expect((await send("DELETE", memberPath("someGroup%09", `%20${d.carolUsername.toUpperCase()}`), headers)).status).toBe(200);
      expect(sim.isMember(d.groupPath, d.carolUuid)).toBe(false);
    });

    it("reads a padded collection name as the collection", async () => {
      const reply = await send("DELETE", `${app}/groups/${d.groupPath}/USERS%20/${d.username}`);
      expect(reply.json()).toMatchObject({ action: "delete", entities: [{ uuid: d.userUuid }] });
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(false);
    });
  });

  describe("the ql parameter is decoded twice (usergrid.md §1b)", () => {
    const query = async (encodedQl: string) => send("GET", `${app}/users?ql=${encodedQl}`);
    const uuidsOf = (reply: Reply) => (reply.json() as { entities: { uuid: string }[] }).entities.map((e) => e.uuid);

    it("reads a + as a space when ql is encoded once, and finds the user when it is encoded twice", async () => {
      const ql = `select * where email='${d.plusEmailUserEmail}'`;
      expect(uuidsOf(await query(encodeURIComponent(ql)))).toEqual([]);
      expect(uuidsOf(await query(encodeURIComponent(encodeURIComponent(ql))))).toEqual([d.plusEmailUserUuid]);
    });

    it("lets an injected or widen the query", async () => {
      const injected = "select * where email='nobody' or username='carol' or email='x@example.com'";
      expect(uuidsOf(await query(encodeURIComponent(injected)))).toEqual([d.carolUuid]);
    });

    it("turns a %27 inside a once-encoded email into a quote that ends the literal", async () => {
      const email = "nobody%27 or username=%27carol%27 or email=%27x@example.com";
      const reply = await query(encodeURIComponent(`select * where email='${email}'`));
      expect(uuidsOf(reply)).toEqual([d.carolUuid]);
      expect(reply.json()).toMatchObject({ params: { ql: [`select * where email='${email}'`] } });
    });

    it("understands where without select, any keyword case, and before or, and a bare uuid", async () => {
      expect(uuidsOf(await query(encodeURIComponent(`WHERE Email = '${d.carolEmail.toUpperCase()}'`)))).toEqual([d.carolUuid]);
      const mixed = `Select * Where username='dave' AND email='nobody' Or uuid=${d.userUuid}`;
      expect(uuidsOf(await query(encodeURIComponent(mixed)))).toEqual([d.userUuid]);
      const grouped = `select * where (username='carol' or username='dave') and email='${d.carolEmail}'`;
      expect(uuidsOf(await query(encodeURIComponent(grouped)))).toEqual([d.carolUuid]);
      expect(uuidsOf(await query(encodeURIComponent("select *")))).toHaveLength(7);
    });

    it.each([
      ["a malformed escape after the first decode", "select * where email='100%zz@example.com'"],
      ["an unterminated literal", "select * where email='x@example.com"],
      ["an unknown operator", "select * where email contains 'x'"],
    ])("answers 400 illegal_argument for %s", async (_case, ql) => {
      expect(errorOf(await query(encodeURIComponent(ql)))).toEqual([400, "illegal_argument"]);
    });
  });

  describe("credential echo", () => {
    const description = (reply: Reply) => (reply.json() as { error_description: string }).error_description;

    it("scripts a 401 expired_token that repeats the bearer header and the raw token", async () => {
      const good = await token();
      sim.script("removeUser", [usergridFaults.expiredToken({ echo: ["authorization", "token"] })]);
      const reply = await send("DELETE", memberPath(d.groupPath, d.username), { authorization: `Bearer ${good}` });
      expect(errorOf(reply)).toEqual([401, "expired_token"]);
      expect(description(reply)).toBe(`Unable to authenticate due to expired access token [received Bearer ${good}, ${good}]`);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
    });

    it("scripts a 500 that repeats the raw token, from the query too", async () => {
      const good = await token();
      sim.script("getUser", [usergridFaults.serverError(500, { echo: "token" })]);
      const reply = await send("GET", `${app}/users/${d.username}?access_token=${good}`, {});
      expect([reply.status, description(reply)]).toEqual([500, `Internal server error [received ${good}]`]);
    });

    it("scripts token-route refusals that repeat the client secret", async () => {
      sim.script("token", [usergridFaults.invalidGrant({ echo: "clientSecret" }), usergridFaults.invalidClient({ echo: "clientSecret" })]);
      const refused = await grant();
      expect([refused.status, refused.json()]).toEqual([400, { error: "invalid_grant", error_description: `invalid username or password [received ${d.clientSecret}]` }]);
      const basic = await call(sim.url, "POST", `${app}/token`, { headers: { ...json, authorization: basicAuth(d.clientId, d.clientSecret) }, body: '{"grant_type":"client_credentials"}' });
      expect([basic.status, description(basic)]).toEqual([401, `Unable to authenticate (OAuth) [received ${d.clientSecret}]`]);
    });

    it("makes the simulator's own expired_token echo once tokens are expired and echo is on, until reset", async () => {
      const headers = await bearer();
      sim.expireAllTokens();
      sim.echoCredentials("authorization");
      const expired = await send("GET", `${app}/users/${d.username}`, headers);
      expect([expired.status, description(expired)]).toEqual([401, `Unable to authenticate due to expired access token [received ${headers.authorization}]`]);
      expect((await send("GET", `${app}/users/${d.username}`)).status).toBe(200);
      sim.reset();
      const fresh = await bearer();
      sim.expireAllTokens();
      expect(description(await send("GET", `${app}/users/${d.username}`, fresh))).toBe("Unable to authenticate due to expired access token");
    });

    it("echoes from the start when asked by option, on the grant's 400 and a guest's 401, not on a success", async () => {
      await start({ echoCredentials: ["clientSecret", "authorization"] });
      const refused = await grant({ grant_type: "client_credentials", client_id: d.clientId, client_secret: "leaked-secret" });
      expect(refused.json()).toMatchObject({ error_description: "invalid username or password [received leaked-secret]" });
      // Basic foo:bar carries a client secret too, so both forms are repeated, in the order asked.
      const guest = await send("DELETE", memberPath(d.groupPath, d.username), { authorization: basicAuth("foo", "bar") });
      expect(description(guest)).toBe(`Subject does not have permission to access this resource [received bar, ${basicAuth("foo", "bar")}]`);
      expect(JSON.stringify((await send("GET", `${app}/users/${d.username}`)).json())).not.toContain("received");
      sim.echoCredentials(false);
      expect(description(await send("DELETE", memberPath(d.groupPath, d.username), {}))).toBe("Subject does not have permission to access this resource");
    });
  });

  describe("the seed", () => {
    it("holds carol and dave in someGroup and ops beside the documented demo user", async () => {
      expect([d.groupPath, d.opsGroupPath].map((g) => [sim.isMember(g, d.carolUuid), sim.isMember(g, d.plusEmailUserUuid)])).toEqual([
        [true, true],
        [true, true],
      ]);
      const carol = await send("GET", `${app}/users/${d.carolUsername}`);
      expect(carol.json()).toMatchObject({ entities: [{ uuid: d.carolUuid, email: d.carolEmail }] });
      const dave = await send("GET", `${app}/users/${encodeURIComponent(d.plusEmailUserEmail)}`);
      expect(dave.json()).toMatchObject({ entities: [{ uuid: d.plusEmailUserUuid, username: d.plusEmailUsername }] });
      expect([d.org, d.app, d.groupPath, d.groupUuid, d.username, d.userUuid, d.userEmail]).toEqual([
        "your-org", "your-app", "someGroup", "cd796d0a-b90c-11e3-83de-83ceb9965c26", "someUser", "74d2d7da-e694-11e3-b0c6-4d2664c8e0c3", "your-org@apigee.com",
      ]);
    });
  });

  describe("safety tripwires", () => {
    it.each([
      ["without a user segment", `${app}/groups/${d.groupPath}`, 405],
      ["on the group's users collection", `${app}/groups/${d.groupPath}/users`, 405],
      ["with a ql query", `${app}/groups/${d.groupPath}/users/${d.username}?ql=${encodeURIComponent("select *")}`, 400],
      ["on a user entity", `${app}/users/${d.username}`, 405],
    ])("records a DELETE %s as a violation and deletes nothing", async (_case, path, status) => {
      expect((await send("DELETE", path)).status).toBe(status);
      expect(sim.violations).toEqual([expect.stringContaining(`DELETE ${path}`)]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
      sim.reset();
      expect(sim.violations).toEqual([]);
    });

    it("records no violation for a proper removal", async () => {
      await send("DELETE", memberPath(d.groupPath, d.username));
      expect(sim.violations).toEqual([]);
    });
  });

  describe("ready-made faults", () => {
    it("expiredToken makes one removal fail as if the token had expired, the next one succeeds", async () => {
      const headers = await bearer();
      sim.script("removeUser", [usergridFaults.expiredToken()]);
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, d.username), headers))).toEqual([401, "expired_token"]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
      expect((await send("DELETE", memberPath(d.groupPath, d.username), headers)).status).toBe(200);
    });

    it("serverError uses the standard envelope", async () => {
      const headers = await bearer();
      sim.script("removeUser", [usergridFaults.serverError(500), usergridFaults.serverError(503)]);
      expect((await send("DELETE", memberPath(d.groupPath, d.username), headers)).json()).toMatchObject({ error: "runtime", error_id: expect.any(String) });
      expect(errorOf(await send("DELETE", memberPath(d.groupPath, d.username), headers))).toEqual([503, "search_phase_execution"]);
    });

    it("removes for real before a reset scripted after commit", async () => {
      const headers = await bearer();
      sim.script("removeUser", [{ apply: true, then: { reset: true } }]);
      await expect(send("DELETE", memberPath(d.groupPath, d.username), headers)).rejects.toThrow();
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(false);
    });

    it.each([
      ["invalidToken", usergridFaults.invalidToken(), 401, "application/json"],
      ["unauthorized", usergridFaults.unauthorized(), 401, "application/json"],
      ["gatewayRateLimited", usergridFaults.gatewayRateLimited("3"), 429, "text/plain"],
      ["gatewayError(502)", usergridFaults.gatewayError(502), 502, "text/html"],
      ["gatewayError(504)", usergridFaults.gatewayError(504), 504, "text/html"],
    ])("%s answers without removing anything", async (_name, fault, status, contentType) => {
      const headers = await bearer();
      sim.script("removeUser", [fault]);
      const reply = await send("DELETE", memberPath(d.groupPath, d.username), headers);
      expect([reply.status, reply.headers["content-type"]]).toEqual([status, contentType]);
      expect(sim.isMember(d.groupPath, d.userUuid)).toBe(true);
    });

    it("can refuse the token grant", async () => {
      sim.script("token", [usergridFaults.invalidGrant()]);
      expect((await grant()).status).toBe(400);
      expect((await grant()).status).toBe(200);
    });
  });
});
