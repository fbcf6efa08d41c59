import { startUsergridSimulator, usergridDemo, usergridFaults, type UsergridSimulator, type UsergridSimulatorOptions } from "../../../src/providers/usergrid/simulator";
import { basicAuth, call, type Reply } from "../../simulation/call";

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
