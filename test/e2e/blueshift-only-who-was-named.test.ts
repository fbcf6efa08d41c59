import { blueshiftDemo, blueshiftFaults, type BlueshiftCredential } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";

const d = blueshiftDemo;

describe("Blueshift: removing only the customer whose email was asked for", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  it("answers UserNotFoundError, and removes nobody, when the search's most relevant match has another email", async () => {
    facade.blueshift.setEmailSearch("relevant-on-miss", d.customerUuid);
    const result = await facade.result("BLUESHIFT", d.groupId, { email: "victim@example.com" });
    expect(result).toMatchObject({ __typename: "UserNotFoundError", retryable: false });
    expect(facade.blueshift.requestsTo("removeUser")).toEqual([]);
    expect(facade.blueshift.isMember(d.groupId, d.customerUuid)).toBe(true);
  });

  it("removes the one customer whose email matches when the search also answers a near match", async () => {
    facade.blueshift.setEmailSearch("relevant-too", d.customerUuid);
    const result = await facade.result("BLUESHIFT", d.groupId, { email: d.secondMemberEmail.toUpperCase() });
    expect(result).toMatchObject({ __typename: "MembershipRemoval", user: { id: d.secondMemberUuid } });
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
    expect(facade.blueshift.isMember(d.groupId, d.secondMemberUuid)).toBe(false);
    expect(facade.blueshift.isMember(d.groupId, d.customerUuid)).toBe(true);
  });
});

describe("Blueshift: the API key never reaches the caller, in any form Blueshift echoes it", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  const key = d.apiKey;
  const forms = [key, Buffer.from(`${key}:`).toString("base64"), Buffer.from(key).toString("base64"), Buffer.from(key).toString("base64").replace(/=+$/, "")];
  const echoed: readonly BlueshiftCredential[] = ["authorization", "base64", "base64NoColon", "key"];

  it.each([
    ["400", () => blueshiftFaults.badRequest({ echo: echoed }), "InvalidInputError"],
    ["401", () => blueshiftFaults.notAuthorized({ echo: echoed }), "ProviderAuthError"],
  ])("removes every form of the key from a %s that echoes it", async (_status, fault, typename) => {
    facade.blueshift.script("removeUser", [fault()]);
    const response = await facade.remove("BLUESHIFT", d.groupId, { uuid: d.customerUuid });
    expect(response.body.data.removeUserFromGroup.__typename).toBe(typename);
    expect(response.text).toContain("[redacted]");
    for (const form of forms) expect(response.text).not.toContain(form);
    expect(response.text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });

  it.each(echoed)("removes the key echoed only as %s", async (form) => {
    facade.blueshift.script("removeUser", [blueshiftFaults.notAuthorized({ echo: form })]);
    const response = await facade.remove("BLUESHIFT", d.groupId, { uuid: d.customerUuid });
    expect(response.text).toContain("[redacted]");
    for (const value of forms) expect(response.text).not.toContain(value);
  });
});
