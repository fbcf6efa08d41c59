import { InvalidInputError } from "../../src/graphql/errors/invalid-input.error";
import { Provider } from "../../src/graphql/provider.enum";
import { UserRefKind } from "../../src/graphql/user-ref-kind.enum";
import type { UserRef } from "../../src/graphql/user-ref.input";
import { planJob } from "../../src/jobs/plan-job";
import { bucketOf, countAnswer, emptyCounts } from "../../src/jobs/tally";

const ref = (fields: Partial<UserRef>): UserRef => fields as UserRef;
const UUID = "5F0C3C3E-6A8F-4D55-9D0A-0B5E9C4C1A11";

describe("planning a bulk-removal job", () => {
  it("answers a refused ref at its own position and sends nothing for it", () => {
    const plan = planJob(Provider.USERGRID, "g", [ref({ uuid: UUID }), ref({ uuid: UUID, email: "a@b.co" }), ref({ username: ".." })]);
    expect(plan.refused.map((r) => r.index)).toEqual([1, 2]);
    expect(plan.refused.every((r) => r.result instanceof InvalidInputError)).toBe(true);
    expect(plan.units).toHaveLength(1);
  });

  it("removes a user named twice once and answers every position that names them", () => {
    const plan = planJob(Provider.USERGRID, "g", [
      ref({ email: "Ann@Example.com" }),
      ref({ uuid: UUID }),
      ref({ email: "ann@example.com" }),
      ref({ uuid: UUID.toLowerCase() }),
    ]);
    expect(plan.units).toEqual([
      { key: "email:ann@example.com", user: { kind: UserRefKind.EMAIL, email: "Ann@Example.com" }, positions: [0, 2] },
      { key: `uuid:${UUID.toLowerCase()}`, user: { kind: UserRefKind.UUID, uuid: UUID.toLowerCase() }, positions: [1, 3] },
    ]);
    expect(plan.refused).toEqual([]);
  });

  it("refuses every ref when the group id itself is refused", () => {
    const plan = planJob(Provider.BLUESHIFT, "..", [ref({ uuid: UUID }), ref({ email: "a@b.co" })]);
    expect(plan.units).toEqual([]);
    expect(plan.refused.map((r) => (r.result as InvalidInputError).field)).toEqual(["groupId", "groupId"]);
  });
});

describe("counting answers", () => {
  it("keeps done the sum of the four outcomes", () => {
    const counts = emptyCounts();
    const refused = new InvalidInputError({ provider: Provider.USERGRID, field: "groupId", message: "no" });
    expect(bucketOf(refused)).toBe("failed");
    countAnswer(counts, refused, 3);
    expect(counts).toEqual({ done: 3, removed: 0, notMember: 0, failed: 3, unknown: 0 });
  });
});
