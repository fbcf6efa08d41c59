import { blueshiftDemo, blueshiftSeed } from "../../src/simulators/blueshift/simulator";
import { usergridDemo, usergridSeed } from "../../src/simulators/usergrid/simulator";
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

/** Pieces hostile values are built from: separators, query syntax, look-alikes, whitespace of every kind. */
const PIECES = [
  "all", "ALL", "{}", '{"path":"x"}', "{", "}", " ", "\u00a0", "\u2028", "\u200b", "\ufeff", "\t", "\u0000", "\u007f", "\u0085",
  "/", "%2F", "%2f", "%252F", ".", "..", "?", "#", ";", "&", "=", "+", "%", "%27", "'", "\\", "\"", "*", "@", "~",
  "users", "Users ", "roles", "feed", "activities", "me", "ME", "Me", "mE", "ｇｒｏｕｐ", "gr\u043eup", "\u0430ll", "😀", "\ud800",
  "or username='carol'", " or 1=1", "select * where", "x".repeat(40),
  usergridDemo.groupPath, usergridDemo.username, usergridDemo.carolUsername, blueshiftDemo.groupId,
];
const GENERATED = 3000;

/** What a Usergrid or Blueshift request named: its group (segments decoded and joined) and its user segment, decoded. */
function namedBy(path: string, prefix: RegExp, userMarker: string): { group: string; user: string } | null {
  const rest = path.split("?")[0]?.replace(prefix, "");
  if (rest === undefined) return null;
  const segments = rest.split("/");
  // The first marker after the group: a group segment named like it is refused before anything is sent.
  const marker = segments.indexOf(userMarker, 1);
  if (marker < 1 || marker !== segments.length - 2) return null;
  return { group: segments.slice(0, marker).map(decodeURIComponent).join("/"), user: decodeURIComponent(segments[marker + 1] as string) };
}

describe("thousands of generated hostile inputs", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade();
  });
  afterAll(() => facade.close());

  it("answer each with a typed error or the removal of the one user named, and every upstream request names exactly that group and user", async () => {
    const random = seededRandom(20261202);
    const piece = () => PIECES[Math.floor(random() * PIECES.length)] as string;
    const hostile = () => Array.from({ length: 1 + Math.floor(random() * 3) }, piece).join("");
    const usergridUsers = usergridSeed().users;
    const blueshiftCustomers = blueshiftSeed().customers;
    const problems: string[] = [];

    for (let i = 0; i < GENERATED; i++) {
      const provider = i % 2 === 0 ? "BLUESHIFT" : "USERGRID";
      const groupId = random() < 0.2 ? (provider === "USERGRID" ? usergridDemo.groupPath : blueshiftDemo.groupId) : hostile();
      const kind = (["uuid", "username", "email"] as const)[i % 3] as "uuid" | "username" | "email";
      const value =
        kind === "uuid" ? (random() < 0.5 ? usergridDemo.userUuid : blueshiftDemo.customerUuid)
        : kind === "username" ? hostile()
        : `${hostile().replace(/[\s@]/g, "")}@example.com`;
      // The UUIDs each ref can name: itself, or the user a provider stores under that username or email.
      const named =
        kind === "uuid" ? [value]
        : provider === "USERGRID"
          ? usergridUsers.filter((u) => (kind === "username" ? u.username : u.email).toLowerCase() === value.toLowerCase()).map((u) => u.uuid)
          : blueshiftCustomers.filter((c) => kind === "email" && c.email.toLowerCase() === value.toLowerCase()).map((c) => c.uuid);
      const before = { blueshift: facade.blueshift.requests.length, usergrid: facade.usergrid.requests.length };
      const response = await facade.remove(provider, groupId, { [kind]: value });
      const label = `${provider} ${JSON.stringify({ groupId, [kind]: value })}`;

      const result = response.body.data?.removeUserFromGroup;
      const codes: unknown[] = response.body.errors?.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code) ?? [];
      if (response.status === 200 && result) {
        if (!TYPED.test(String(result.__typename))) problems.push(`${label} → ${response.text.slice(0, 200)}`);
        if (result.__typename === "MembershipRemoval" && !named.includes(result.user.id)) problems.push(`${label} removed ${result.user.id}`);
      } else if (!(response.status === 400 && codes.length > 0 && codes.every((c) => VALIDATION_CODES.has(String(c))))) {
        problems.push(`${label} → ${response.status} ${response.text.slice(0, 200)}`);
      }

      for (const sent of facade.usergrid.requests.slice(before.usergrid)) {
        if (sent.route === "token") continue;
        if (sent.route === "queryUsers") {
          const ql = decodeURIComponent(new URLSearchParams(sent.path.split("?")[1]).get("ql") ?? "");
          if (kind !== "email" || ql !== `select * where email='${value}'`) problems.push(`${label} sent the query ${ql}`);
          continue;
        }
        const target = sent.route === "getUser" ? { group: groupId, user: decodeURIComponent(sent.path.split("/").pop() ?? "") } : namedBy(sent.path, /^\/your-org\/your-app\/groups\//, "users");
        // One name each: Usergrid reads exactly "all", a "{…}" segment, "me" in any case and a padded one as something else (usergrid.md §1a, §6).
        const oneName = (segment: string) => segment !== "all" && segment.toLowerCase() !== "me" && !segment.startsWith("{") && segment === segment.trim();
        const userOk = target !== null && (target.user === value || named.includes(target.user)) && [...target.group.split("/"), target.user].every(oneName);
        if (!["getMembership", "removeUser", "getUser"].includes(sent.route) || target === null || target.group !== groupId || !userOk) {
          problems.push(`${label} sent ${sent.route} ${sent.method} ${sent.path}`);
        }
      }
      for (const sent of facade.blueshift.requests.slice(before.blueshift)) {
        if (sent.route === "searchCustomers") {
          if (kind !== "email" || new URLSearchParams(sent.path.split("?")[1]).get("email") !== value) problems.push(`${label} searched ${sent.path}`);
          continue;
        }
        if (sent.route === "getCustomer") {
          if (!named.includes(decodeURIComponent(sent.path.split("/").pop() ?? ""))) problems.push(`${label} read ${sent.path}`);
          continue;
        }
        const target = namedBy(sent.path, /^\/api\/v1\/customer_group\//, "user");
        if (sent.route !== "removeUser" || target === null || target.group !== groupId || !named.includes(target.user)) {
          problems.push(`${label} sent ${sent.route} ${sent.method} ${sent.path}`);
        }
      }
    }

    expect(problems.slice(0, 20)).toEqual([]);
    expect(facade.usergrid.violations).toEqual([]);
  }, 240_000);
});
