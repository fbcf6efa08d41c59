import { UserRefKind } from "../../../src/graphql/user-ref-kind.enum";
import { isUserAskedFor, isUserWithEmail, type NamedUser } from "../../../src/providers/kit/named-user";
import type { UserKey } from "../../../src/providers/kit/user-key";

const ada: NamedUser = { uuid: "3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f", username: "Ada", email: "ada@example.com" };
const grace: NamedUser = { uuid: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", username: "grace", email: "grace@example.com" };

describe("only the user asked for is removed", () => {
  it.each<[string, NamedUser, UserKey, NamedUser | null, boolean]>([
    ["the same UUID", ada, { kind: UserRefKind.UUID, uuid: ada.uuid }, null, true],
    ["another UUID", grace, { kind: UserRefKind.UUID, uuid: ada.uuid }, null, false],
    ["the same username in another case", ada, { kind: UserRefKind.USERNAME, username: "ADA" }, null, true],
    ["another username", grace, { kind: UserRefKind.USERNAME, username: "ada" }, null, false],
    ["a user without a username, for a username", { ...ada, username: null }, { kind: UserRefKind.USERNAME, username: "ada" }, null, false],
    ["the user an email lookup found", ada, { kind: UserRefKind.EMAIL, email: ada.email as string }, ada, true],
    ["another user than the email lookup found", grace, { kind: UserRefKind.EMAIL, email: ada.email as string }, ada, false],
    ["anyone, for an email nobody looked up", ada, { kind: UserRefKind.EMAIL, email: ada.email as string }, null, false],
  ])("judges %s as the user asked for or not, correctly", (_label, named, asked, found, expected) => {
    expect(isUserAskedFor(named, asked, found)).toBe(expected);
  });

  it("takes an email lookup's answer only when the user's own email is the one asked for", () => {
    expect(isUserWithEmail(ada, " ADA@example.com ")).toBe(true);
    expect(isUserWithEmail(grace, "ada@example.com")).toBe(false);
    expect(isUserWithEmail({ ...ada, email: null }, "ada@example.com")).toBe(false);
  });
});
