import { blueshiftDemo, blueshiftFaults, startBlueshiftSimulator, type BlueshiftSimulator, type BlueshiftSimulatorOptions } from "../../../src/simulators/blueshift/simulator";
import { basicAuth, call, type Reply } from "../kit/call";

const { groupId, customerUuid } = blueshiftDemo;
const removalPath = (group: string, uuid: string) => `/api/v1/customer_group/${encodeURIComponent(group)}/user/${encodeURIComponent(uuid)}`;
const userKey = { authorization: basicAuth(blueshiftDemo.apiKey) };

describe("Blueshift simulator", () => {
  let sim: BlueshiftSimulator;
  const start = async (options: BlueshiftSimulatorOptions = {}) => {
    await sim.close();
    sim = await startBlueshiftSimulator(options);
  };
  const remove = (group: string = groupId, uuid: string = customerUuid, headers: Record<string, string> = userKey): Promise<Reply> =>
    call(sim.url, "DELETE", removalPath(group, uuid), { headers });
  const get = (path: string, headers: Record<string, string> = userKey): Promise<Reply> => call(sim.url, "GET", path, { headers });

  beforeEach(async () => {
    sim = await startBlueshiftSimulator();
  });
  afterEach(() => sim.close());

  describe("removing a user from a group", () => {
    it("removes the seeded membership and answers like the documented 200, then 404 on repeat", async () => {
      const first = await remove();
      expect(first.status).toBe(200);
      expect(first.json()).toEqual({ status: "success", message: "User removed from group successfully", group_id: groupId, user_uuid: customerUuid });
      expect(sim.isMember(groupId, customerUuid)).toBe(false);
      const repeat = await remove();
      expect([repeat.status, repeat.json()]).toEqual([404, { message: "Not Found" }]);
    });

    it("leaves the customer's other memberships alone", async () => {
      const uuid = blueshiftDemo.multiGroupCustomerUuid;
      expect((await remove(blueshiftDemo.otherGroupId, uuid)).status).toBe(200);
      expect([sim.isMember(blueshiftDemo.otherGroupId, uuid), sim.isMember(groupId, uuid), sim.isMember("grp_northwind", uuid)]).toEqual([false, true, true]);
    });

    it("percent-decodes path segments and echoes the decoded group id", async () => {
      const reply = await remove(blueshiftDemo.encodedGroupId, blueshiftDemo.secondMemberUuid);
      expect(reply.json()).toMatchObject({ group_id: blueshiftDemo.encodedGroupId });
      expect(sim.requests[0]?.path).toBe(`/api/v1/customer_group/grp_promo%2Fspring%202026/user/${blueshiftDemo.secondMemberUuid}`);
    });

    it("does not route a group id whose slash was sent raw", async () => {
      const reply = await call(sim.url, "DELETE", `/api/v1/customer_group/grp_promo/spring%202026/user/${blueshiftDemo.secondMemberUuid}`, { headers: userKey });
      expect([reply.status, reply.json()]).toEqual([404, { status: "404", error: "Not Found" }]);
      expect(sim.requests[0]?.route).toBe("unrouted");
      expect(sim.isMember(blueshiftDemo.encodedGroupId, blueshiftDemo.secondMemberUuid)).toBe(true);
    });

    it("answers 400 for a user_uuid that is not a UUID", async () => {
      const reply = await remove(groupId, "not-a-uuid");
      expect([reply.status, reply.json()]).toEqual([400, { errors: { user_uuid: ["is invalid"] } }]);
    });

    it.each([
      ["an unknown group", "grp_nosuch", customerUuid],
      ["an unknown user", groupId, blueshiftDemo.unknownCustomerUuid],
      ["a customer who is not a member", groupId, blueshiftDemo.groupLessCustomerUuid],
    ])("answers one and the same 404 for %s", async (_case, group, uuid) => {
      const reply = await remove(group, uuid);
      expect([reply.status, reply.json()]).toEqual([404, { message: "Not Found" }]);
    });

    it("can answer 200 for a non-member instead (nonMember: 200)", async () => {
      await start({ nonMember: 200 });
      const reply = await remove(groupId, blueshiftDemo.groupLessCustomerUuid);
      expect(reply.json()).toMatchObject({ status: "success", user_uuid: blueshiftDemo.groupLessCustomerUuid });
    });

    it("restores the membership after each removal in bench mode", async () => {
      await start({ restoreAfterRemoval: true });
      expect([(await remove()).status, (await remove()).status]).toEqual([200, 200]);
      expect(sim.isMember(groupId, customerUuid)).toBe(true);
    });

    it("gives removal back its membership through addMember and reset", async () => {
      await remove();
      sim.addMember(groupId, customerUuid);
      expect((await remove()).status).toBe(200);
      sim.reset();
      expect(sim.isMember(groupId, customerUuid)).toBe(true);
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe("authentication", () => {
    it.each([
      ["no Authorization header", {}],
      ["a Bearer token", { authorization: `Bearer ${blueshiftDemo.apiKey}` }],
      ["malformed base64", { authorization: "Basic !!!" }],
      ["an unknown key", { authorization: basicAuth("rotated-key") }],
      ["the Event API key", { authorization: basicAuth(blueshiftDemo.eventApiKey) }],
    ])("answers 401 Not authorized for %s and applies nothing", async (_case, headers: Record<string, string>) => {
      const reply = await remove(groupId, customerUuid, headers);
      expect([reply.status, reply.json()]).toEqual([401, { message: "Not authorized" }]);
      expect(sim.isMember(groupId, customerUuid)).toBe(true);
    });

    it("accepts a key sent without the colon, and ignores a password", async () => {
      expect((await remove(groupId, customerUuid, { authorization: `Basic ${Buffer.from(blueshiftDemo.apiKey).toString("base64")}` })).status).toBe(200);
      expect((await remove(blueshiftDemo.otherGroupId, blueshiftDemo.multiGroupCustomerUuid, { authorization: basicAuth(blueshiftDemo.apiKey, "x:y") })).status).toBe(200);
    });

    it("answers 403 on customer-group routes when the account lacks customer groups, but serves customer reads", async () => {
      const headers = { authorization: basicAuth(blueshiftDemo.noCustomerGroupsApiKey) };
      const removal = await remove(groupId, customerUuid, headers);
      expect([removal.status, removal.json()]).toEqual([403, { message: "Permission denied" }]);
      expect((await get(`/api/v1/customers/${customerUuid}`, headers)).status).toBe(200);
    });

    it("takes its keys from options, as one instance per region would", async () => {
      await start({ apiKeys: { "eu-user-key": "user" } });
      expect((await remove(groupId, customerUuid, { authorization: basicAuth("eu-user-key") })).status).toBe(200);
      expect((await remove(blueshiftDemo.otherGroupId, blueshiftDemo.multiGroupCustomerUuid)).status).toBe(401);
    });
  });

  describe("customer lookups", () => {
    it("finds a customer by email, case-insensitively, with user equal to users[0]", async () => {
      const reply = await get(`/api/v1/customers?email=${encodeURIComponent("Orion.Shopper@EXAMPLE.com")}`);
      const body = reply.json() as { users: { uuid: string }[]; user: unknown };
      expect(body.users).toHaveLength(1);
      expect(body.users[0]).toMatchObject({ uuid: customerUuid, email: blueshiftDemo.customerEmail, firstname: "Orion", lastname: "Shopper", customer_id: expect.any(String) });
      expect(body.user).toEqual(body.users[0]);
    });

    it("returns every customer sharing an email", async () => {
      const body = (await get(`/api/v1/customers?email=${encodeURIComponent(blueshiftDemo.sharedEmail)}`)).json() as { users: { uuid: string }[] };
      expect(body.users.map((u) => u.uuid).sort()).toEqual([...blueshiftDemo.sharedEmailCustomerUuids].sort());
    });

    it("answers an email without a match with 200 and no user by default, or 404 when asked", async () => {
      const path = `/api/v1/customers?email=${encodeURIComponent("nobody@example.com")}`;
      const empty = await get(path);
      expect([empty.status, empty.json()]).toEqual([200, { users: [] }]);
      await start({ emailMiss: "404" });
      const missing = await get(path);
      expect([missing.status, missing.json()]).toEqual([404, { message: "Not Found" }]);
    });

    it("reads a customer by UUID, or answers 404", async () => {
      const found = await get(`/api/v1/customers/${blueshiftDemo.groupLessCustomerUuid}`);
      expect(found.json()).toEqual({ customer: expect.objectContaining({ uuid: blueshiftDemo.groupLessCustomerUuid, email: blueshiftDemo.groupLessCustomerEmail }) });
      const missing = await get(`/api/v1/customers/${blueshiftDemo.unknownCustomerUuid}`);
      expect([missing.status, missing.json()]).toEqual([404, { message: "Not Found" }]);
      expect(sim.requests.map((r) => r.route)).toEqual(["getCustomer", "getCustomer"]);
    });
  });

  describe("the most relevant match (blueshift.md §5)", () => {
    const search = async (email: string) => (await get(`/api/v1/customers?email=${encodeURIComponent(email)}`)).json() as { users: { uuid: string; email: string }[]; user?: { uuid: string } };

    it("answers a miss with the closest other customer as users[0] and user, when asked by option", async () => {
      await start({ emailSearch: "relevant-on-miss" });
      const near = await search("orion.shoper@example.com");
      expect(near.users.map((u) => [u.uuid, u.email])).toEqual([[customerUuid, blueshiftDemo.customerEmail]]);
      expect(near.user).toEqual(near.users[0]);
      const hit = await search(blueshiftDemo.secondMemberEmail);
      expect(hit.users.map((u) => u.uuid)).toEqual([blueshiftDemo.secondMemberUuid]);
    });

    it("adds a configured relevant customer beside the exact one and makes it user, until reset", async () => {
      sim.setEmailSearch("relevant-too", blueshiftDemo.groupLessCustomerUuid);
      const both = await search(blueshiftDemo.secondMemberEmail);
      expect(both.users.map((u) => u.uuid)).toEqual([blueshiftDemo.secondMemberUuid, blueshiftDemo.groupLessCustomerUuid]);
      expect(both.users.map((u) => u.email)).toEqual([blueshiftDemo.secondMemberEmail, blueshiftDemo.groupLessCustomerEmail]);
      expect(both.user?.uuid).toBe(blueshiftDemo.groupLessCustomerUuid);
      expect((await search("nobody@example.com")).users.map((u) => u.uuid)).toEqual([blueshiftDemo.groupLessCustomerUuid]);
      sim.reset();
      expect(await search("nobody@example.com")).toEqual({ users: [] });
    });

    it("never offers a customer with the searched email as the other match", async () => {
      await start({ emailSearch: "relevant-too", relevantCustomerUuid: customerUuid });
      const reply = await search(blueshiftDemo.customerEmail);
      expect([reply.users.map((u) => u.uuid), reply.user?.uuid]).toEqual([[customerUuid], customerUuid]);
    });
  });

  describe("credential echo", () => {
    const key = blueshiftDemo.apiKey;
    const forms = [
      ["authorization", basicAuth(key)],
      ["base64", Buffer.from(`${key}:`).toString("base64")],
      ["base64NoColon", Buffer.from(key).toString("base64")],
      ["key", key],
    ] as const;

    it.each(forms)("scripts a 401 that repeats the key as %s", async (form, value) => {
      sim.script("removeUser", [blueshiftFaults.notAuthorized({ echo: form })]);
      const reply = await remove();
      expect([reply.status, reply.json()]).toEqual([401, { message: `Not authorized [received ${value}]` }]);
      expect(sim.isMember(groupId, customerUuid)).toBe(true);
    });

    it("scripts a 400 that repeats several forms beside its validation errors", async () => {
      sim.script("searchCustomers", [blueshiftFaults.badRequest({ echo: ["authorization", "key"] })]);
      const reply = await get(`/api/v1/customers?email=${encodeURIComponent(blueshiftDemo.customerEmail)}`);
      expect([reply.status, reply.json()]).toEqual([400, { errors: { user_uuid: ["is invalid"], authorization: [`[received ${basicAuth(key)}, ${key}]`] } }]);
    });

    it("scripts a 500 that repeats the key after its documented message", async () => {
      sim.script("removeUser", [blueshiftFaults.serverError(500, { echo: "base64" })]);
      expect((await remove()).json()).toEqual({ message: `Internal Server Error - Please contact support for more information. [received ${forms[1][1]}]` });
    });

    it("makes the simulator's own 401, 403 and 400 echo the key they got, until reset", async () => {
      sim.echoCredentials(["key", "base64NoColon"]);
      const rotated = await remove(groupId, customerUuid, { authorization: basicAuth("rotated-key") });
      expect(rotated.json()).toEqual({ message: `Not authorized [received rotated-key, ${Buffer.from("rotated-key").toString("base64")}]` });
      const noGroups = await remove(groupId, customerUuid, { authorization: basicAuth(blueshiftDemo.noCustomerGroupsApiKey) });
      expect(noGroups.json()).toMatchObject({ message: expect.stringContaining(`[received ${blueshiftDemo.noCustomerGroupsApiKey},`) });
      expect((await remove(groupId, "not-a-uuid")).json()).toEqual({ errors: { user_uuid: ["is invalid"], authorization: [expect.stringContaining(key)] } });
      expect(JSON.stringify((await remove()).json())).not.toContain("received");
      sim.reset();
      expect((await remove(groupId, customerUuid, { authorization: basicAuth("rotated-key") })).json()).toEqual({ message: "Not authorized" });
    });

    it("echoes from the start when asked by option, and skips forms a missing header cannot give", async () => {
      await start({ echoCredentials: "authorization" });
      expect((await remove(groupId, customerUuid, { authorization: "Bearer leaked" })).json()).toEqual({ message: "Not authorized [received Bearer leaked]" });
      expect((await remove(groupId, customerUuid, {})).json()).toEqual({ message: "Not authorized" });
    });
  });

  describe("the wire", () => {
    it("sends JSON with a fresh x-request-id on every answer, errors included", async () => {
      const replies = [await remove(), await remove(), await get("/nowhere")];
      expect(replies.map((r) => r.headers["content-type"])).toEqual(Array(3).fill("application/json; charset=utf-8"));
      const ids = replies.map((r) => r.headers["x-request-id"]);
      expect(new Set(ids).size).toBe(3);
    });

    it("records a group deletion under its own route so tests can assert it never came", async () => {
      const reply = await call(sim.url, "DELETE", `/api/v1/customer_group/${blueshiftDemo.otherGroupId}?delete_users=false`, { headers: userKey });
      expect(reply.json()).toMatchObject({ _bsft_delete_status: "success", group: { group_id: blueshiftDemo.otherGroupId, user_count: 2 } });
      expect(sim.requestsTo("deleteGroup")).toHaveLength(1);
      expect((await remove(blueshiftDemo.otherGroupId, blueshiftDemo.multiGroupCustomerUuid)).status).toBe(404);
    });
  });

  describe("ready-made faults", () => {
    it.each([
      ["rateLimited with seconds", blueshiftFaults.rateLimited("7"), 429, "application/json; charset=utf-8", { "retry-after": "7" }],
      ["rateLimited without Retry-After", blueshiftFaults.rateLimited(), 429, "application/json; charset=utf-8", { "retry-after": undefined }],
      ["serverError(503)", blueshiftFaults.serverError(503), 503, "application/json; charset=utf-8", {}],
      ["htmlBadGateway", blueshiftFaults.htmlBadGateway(), 502, "text/html; charset=utf-8", {}],
      ["plainTextUnauthorized", blueshiftFaults.plainTextUnauthorized(), 401, "text/plain; charset=utf-8", { "www-authenticate": 'Basic realm="Application"' }],
      ["emptyOk", blueshiftFaults.emptyOk(), 200, "application/json; charset=utf-8", { "content-length": "0" }],
      ["forbidden", blueshiftFaults.forbidden(), 403, "application/json; charset=utf-8", {}],
      ["serverErrorStatusShape", blueshiftFaults.serverErrorStatusShape(), 500, "application/json; charset=utf-8", {}],
    ])("%s answers as documented and applies nothing", async (_name, fault, status, contentType, headers) => {
      sim.script("removeUser", [fault]);
      const reply = await remove();
      expect([reply.status, reply.headers["content-type"]]).toEqual([status, contentType]);
      for (const [name, value] of Object.entries(headers)) expect(reply.headers[name]).toBe(value);
      expect(reply.headers["x-request-id"]).toEqual(expect.any(String));
      expect(sim.isMember(groupId, customerUuid)).toBe(true);
    });

    it("serverError uses the documented bodies", async () => {
      sim.script("removeUser", [blueshiftFaults.serverError(500), blueshiftFaults.serverError(504)]);
      expect((await remove()).json()).toEqual({ message: "Internal Server Error - Please contact support for more information." });
      expect((await remove()).json()).toEqual({ message: "Gateway Timeout - Retry with exponential backoff." });
    });

    it("notEchoing confirms some other user's removal", async () => {
      sim.script("removeUser", [blueshiftFaults.notEchoing()]);
      expect((await remove()).json()).toMatchObject({ status: "success", group_id: groupId, user_uuid: blueshiftDemo.unknownCustomerUuid });
    });

    it("notSuccess echoes the IDs under a status other than success", async () => {
      sim.script("removeUser", [blueshiftFaults.notSuccess(groupId, customerUuid)]);
      expect((await remove()).json()).toMatchObject({ status: "failure", group_id: groupId, user_uuid: customerUuid });
    });

    it("nonJsonOk is a 200 that does not parse", async () => {
      sim.script("removeUser", [blueshiftFaults.nonJsonOk()]);
      const reply = await remove();
      expect(reply.status).toBe(200);
      expect(() => reply.json()).toThrow();
    });

    it("removes for real before a 502 scripted after commit, so the retry meets 404", async () => {
      sim.script("removeUser", [{ apply: true, then: blueshiftFaults.serverError(502) }]);
      expect((await remove()).status).toBe(502);
      expect(sim.isMember(groupId, customerUuid)).toBe(false);
      expect((await remove()).status).toBe(404);
    });
  });
});
