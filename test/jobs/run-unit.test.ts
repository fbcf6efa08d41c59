import { MembershipNotFoundError } from "../../src/graphql/errors/membership-not-found.error";
import { OutcomeUnknownError } from "../../src/graphql/errors/outcome-unknown.error";
import { UpstreamFailureReason } from "../../src/graphql/errors/upstream-failure-reason.enum";
import { Group } from "../../src/graphql/group.type";
import { MembershipRemoval } from "../../src/graphql/membership-removal.type";
import { Provider } from "../../src/graphql/provider.enum";
import { User } from "../../src/graphql/user.type";
import { afterInterruption } from "../../src/removal/after-interruption";

const provider = Provider.BLUESHIFT;

describe("a unit an earlier worker was running when it stopped", () => {
  it("keeps a confirmed removal", () => {
    const removal = new MembershipRemoval({ group: new Group(provider, "g"), user: new User(provider, "u"), removedAt: new Date(), upstreamRequestId: null });
    expect(afterInterruption(provider, removal)).toBe(removal);
  });

  it("answers a later 'not a member' as OutcomeUnknownError, counting the earlier attempt", () => {
    const notMember = new MembershipNotFoundError({ provider, message: "not a member", groupExists: null, upstreamStatus: 404 });
    const answer = afterInterruption(provider, notMember);
    expect(answer).toBeInstanceOf(OutcomeUnknownError);
    expect(answer).toMatchObject({ attempts: 1, reason: UpstreamFailureReason.NETWORK, retryable: true, upstreamStatus: 404 });
    expect((answer as OutcomeUnknownError).message).toMatch(/earlier worker stopped.*Removing again is safe/);
  });

  it("adds this run's own attempts when its answer says how many", () => {
    const unknown = new OutcomeUnknownError({ provider, message: "timed out", attempts: 2, reason: UpstreamFailureReason.TIMEOUT });
    expect(afterInterruption(provider, unknown)).toMatchObject({ attempts: 3 });
  });
});
