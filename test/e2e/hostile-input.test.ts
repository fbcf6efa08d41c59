import { blueshiftDemo } from "../../src/providers/blueshift/simulator";
import { usergridDemo } from "../../src/providers/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";
import { seededRandom } from "../support/seeded-random";

const HOSTILE = [
  "", " ", ".", "..", "../../admin", "..%2F..%2Fadmin", "%2e%2e%2f%2e%2e%2fadmin", "a/../../b", "/", "//", "a//b", "a/", "/a",
  "%2F", "grp%2Fx", "%00", "grp\u0000x", "\u0000", "grp\ud800x", "\udc00", "\r\nX-Injected: 1", "\t", "\u202egrp", "ｇｒｐ", "😀", "𝕏".repeat(100),
  "users", "someGroup/users", "someGroup/users/someUser", "someGroup/roles", "?ql=select *", "x?ql=delete", "#fragment", "grp_orionretail?delete_users=true",
  "\\..\\..\\admin", "' or 1=1 --", "${jndi:ldap://x}", "<script>alert(1)</script>", "a".repeat(257), "b".repeat(30_000), "%", "%zz", "%%32%66",
  blueshiftDemo.groupId, usergridDemo.groupPath, usergridDemo.hierarchicalGroupPath,
];
const EMAILS = ["a'b@example.com", "a\\b@example.com", "x@example.com\r\nBcc: y@example.com", "../../@example.com", "o'brien@example.com", "not-an-email", "", blueshiftDemo.customerEmail, usergridDemo.userEmail];
const UUIDS = [blueshiftDemo.customerUuid, usergridDemo.userUuid, "../../admin", "00000000-0000-0000-0000-000000000000", "74D2D7DA-E694-11E3-B0C6-4D2664C8E0C3", "74d2d7da-e694-11e3-b0c6-4d2664c8e0c3%2F..", ""];

/** Types a removal can answer with (the union), and the top-level codes for a request refused as malformed. */
const TYPED = /^(MembershipRemoval|\w+Error)$/;
const VALIDATION_CODES = new Set(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]);
/**
 * Routes a removal may use: the removal itself and the reads around it. Anything else (a group
 * deletion, a token revocation, a path the simulator cannot route) the facade must never send.
 */
const REMOVAL_ROUTES = new Set(["removeUser", "searchCustomers", "getCustomer", "token", "queryUsers", "getMembership", "getUser", "getGroup"]);

describe("hostile and malformed removal inputs", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade();
  });
  afterAll(() => facade.close());

  it("answers each of 300 with a typed error or a validation error, and sends nothing but removal-route requests", async () => {
    const random = seededRandom(20260214);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const unexpected: string[] = [];

    for (let i = 0; i < 300; i++) {
      const provider = i % 2 === 0 ? "BLUESHIFT" : "USERGRID";
      const groupId = random() < 0.15 ? String.fromCodePoint(...Array.from({ length: 12 }, () => 1 + Math.floor(random() * 0x2ffff))) : pick(HOSTILE);
      const kind = pick(["uuid", "username", "email", "two"] as const);
      const userRef: Record<string, string> =
        kind === "uuid" ? { uuid: pick(UUIDS) }
        : kind === "username" ? { username: pick(HOSTILE) }
        : kind === "email" ? { email: pick(EMAILS) }
        : { uuid: pick(UUIDS), username: pick(HOSTILE) };
      const response = await facade.remove(provider, groupId, userRef);
      const typename: unknown = response.body.data?.removeUserFromGroup?.__typename;
      const codes: unknown[] = response.body.errors?.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code) ?? [];
      const answered = response.status === 200 ? typeof typename === "string" && TYPED.test(typename) && codes.length === 0 : response.status === 400 && codes.length > 0 && codes.every((c) => VALIDATION_CODES.has(String(c)));
      if (!answered) unexpected.push(`${provider} ${JSON.stringify({ groupId: groupId.slice(0, 80), userRef })} → ${response.status} ${response.text.slice(0, 200)}`);
    }

    expect(unexpected).toEqual([]);
    const offRoute = [...facade.blueshift.requests, ...facade.usergrid.requests].filter((r) => !REMOVAL_ROUTES.has(r.route)).map((r) => `${r.route} ${r.method} ${r.path.slice(0, 120)}`);
    expect(offRoute).toEqual([]);
  });
});
