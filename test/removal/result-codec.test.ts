import { GroupNotFoundError } from "../../src/graphql/errors/group-not-found.error";
import { InvalidInputError } from "../../src/graphql/errors/invalid-input.error";
import { MEMBERSHIP_ERROR_TYPES } from "../../src/graphql/errors/membership-error-types";
import { MembershipNotFoundError } from "../../src/graphql/errors/membership-not-found.error";
import { OutcomeUnknownError } from "../../src/graphql/errors/outcome-unknown.error";
import { PermissionDeniedError } from "../../src/graphql/errors/permission-denied.error";
import { ProviderAuthError } from "../../src/graphql/errors/provider-auth.error";
import { RateLimitedError } from "../../src/graphql/errors/rate-limited.error";
import { UnsupportedUserRefError } from "../../src/graphql/errors/unsupported-user-ref.error";
import { UpstreamFailureReason } from "../../src/graphql/errors/upstream-failure-reason.enum";
import { UpstreamUnavailableError } from "../../src/graphql/errors/upstream-unavailable.error";
import { UpstreamError } from "../../src/graphql/errors/upstream.error";
import { UserNotFoundError } from "../../src/graphql/errors/user-not-found.error";
import { Group } from "../../src/graphql/group.type";
import { MembershipRemoval } from "../../src/graphql/membership-removal.type";
import { Provider } from "../../src/graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../src/graphql/remove-user-from-group-result.union";
import { User } from "../../src/graphql/user.type";
import { UserRefKind } from "../../src/graphql/user-ref-kind.enum";
import { decodeResult, encodeResult } from "../../src/removal/result-codec";
import { typeByClassName } from "../../src/graphql/type-by-class-name";

const provider = Provider.USERGRID;
const base = { provider, message: "said so", upstreamStatus: 404, upstreamRequestId: "req-1" };

const everyMember: RemoveUserFromGroupResult[] = [
  new MembershipRemoval({
    group: new Group(provider, "g-1"),
    user: new User(provider, "5f0c3c3e-6a8f-4d55-9d0a-0b5e9c4c1a11", { username: "ann", email: "ann@example.com" }),
    removedAt: new Date("2025-01-02T03:04:05.678Z"),
    upstreamRequestId: "req-2",
  }),
  new InvalidInputError({ ...base, field: "userRef.username" }),
  new UnsupportedUserRefError({ ...base, supported: [UserRefKind.UUID, UserRefKind.EMAIL] }),
  new GroupNotFoundError({ ...base, groupId: "g-404" }),
  new UserNotFoundError(base),
  new MembershipNotFoundError({ ...base, groupExists: null }),
  new ProviderAuthError({ ...base, upstreamStatus: 401 }),
  new PermissionDeniedError({ ...base, upstreamStatus: 403, upstreamRequestId: null }),
  new RateLimitedError({ ...base, retryAfterSeconds: 30 }),
  new UpstreamUnavailableError({ ...base, reason: UpstreamFailureReason.CIRCUIT_OPEN, retryAfterSeconds: null }),
  new UpstreamError(base),
  new OutcomeUnknownError({ ...base, attempts: 3, reason: UpstreamFailureReason.TIMEOUT }),
];

describe("a stored bulk-removal answer", () => {
  it("covers every member of the result union in this table", () => {
    const covered = new Set(everyMember.map((r) => r.constructor.name));
    expect(covered).toEqual(new Set([MembershipRemoval.name, ...MEMBERSHIP_ERROR_TYPES.map((t) => t.name)]));
  });

  it.each(everyMember.map((r) => [r.constructor.name, r] as const))(
    "reads back a %s as an instance of its class with every field",
    (_name, result) => {
      const decoded = decodeResult(encodeResult(result));
      expect(decoded.constructor).toBe(result.constructor);
      expect(typeByClassName(decoded)).toBe(typeByClassName(result));
      expect(decoded).toEqual(result);
    },
  );

  it("reads back a removal's date as a Date and its group and user as their classes", () => {
    const decoded = decodeResult(encodeResult(everyMember[0] as RemoveUserFromGroupResult));
    expect(decoded).toBeInstanceOf(MembershipRemoval);
    const removal = decoded as MembershipRemoval;
    expect(removal.removedAt).toBeInstanceOf(Date);
    expect(removal.removedAt.toISOString()).toBe("2025-01-02T03:04:05.678Z");
    expect(removal.group).toBeInstanceOf(Group);
    expect(removal.user).toBeInstanceOf(User);
    expect(typeByClassName(removal.user)).toBe("User");
  });

  it("refuses text that names no member of the union", () => {
    expect(() => decodeResult(JSON.stringify({ type: "Object", fields: {} }))).toThrow(/unknown type/);
    expect(() => decodeResult("[]")).toThrow(/type, fields/);
  });
});
