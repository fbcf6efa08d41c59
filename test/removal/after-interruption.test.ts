import { MembershipNotFoundError } from "../../src/graphql/errors/membership-not-found.error";
import { OutcomeUnknownError } from "../../src/graphql/errors/outcome-unknown.error";
import { RateLimitedError } from "../../src/graphql/errors/rate-limited.error";
import { UpstreamFailureReason } from "../../src/graphql/errors/upstream-failure-reason.enum";
import { Group } from "../../src/graphql/group.type";
import { MembershipRemoval } from "../../src/graphql/membership-removal.type";
import { Provider } from "../../src/graphql/provider.enum";
import { User } from "../../src/graphql/user.type";
import { afterInterruption, type EarlierAttempts } from "../../src/removal/after-interruption";

const provider = Provider.USERGRID;

/** What an earlier request with the same Idempotency-Key left: OutcomeUnknownError after three gateway timeouts. */
const earlierRequest: EarlierAttempts = { attempts: 3, reason: UpstreamFailureReason.SERVER_ERROR, what: "An earlier request with this Idempotency-Key may have removed the user" };

describe("a removal tried again after an earlier try whose outcome nobody saw", () => {
  it("keeps a confirmed removal", () => {
    const removal = new MembershipRemoval({ group: new Group(provider, "g"), user: new User(provider, "u"), removedAt: new Date(), upstreamRequestId: null });
    expect(afterInterruption(provider, removal, earlierRequest)).toBe(removal);
  });

  it("answers a later 'not a member' as OutcomeUnknownError, counting the earlier try's attempts and giving its reason", () => {
    const notMember = new MembershipNotFoundError({ provider, message: "not a member", groupExists: true, upstreamStatus: 200 });
    const answer = afterInterruption(provider, notMember, earlierRequest);
    expect(answer).toBeInstanceOf(OutcomeUnknownError);
    expect(answer).toMatchObject({ attempts: 3, reason: UpstreamFailureReason.SERVER_ERROR, retryable: true, upstreamStatus: 200 });
    expect((answer as OutcomeUnknownError).message).toMatch(/^An earlier request with this Idempotency-Key may have removed the user, so .*this run got: not a member.*Removing again is safe/);
  });

  it("answers a later 'not now' as OutcomeUnknownError too: the earlier try may have applied it", () => {
    const rateLimited = new RateLimitedError({ provider, message: "slow down", retryAfterSeconds: 30, upstreamStatus: 429 });
    expect(afterInterruption(provider, rateLimited, earlierRequest)).toMatchObject({ constructor: OutcomeUnknownError, attempts: 3 });
  });

  it("adds this run's own attempts when its answer says how many", () => {
    const unknown = new OutcomeUnknownError({ provider, message: "timed out", attempts: 2, reason: UpstreamFailureReason.TIMEOUT });
    expect(afterInterruption(provider, unknown, earlierRequest)).toMatchObject({ attempts: 5 });
  });
});
