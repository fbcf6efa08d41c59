import type { MembershipError } from "../graphql/errors/membership-error.interface";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { Attempt, CallScope } from "../http/call-policy";
import type { UpstreamResponse } from "../http/upstream-response";
import type { NamedUser } from "./kit/named-user";
import type { ProviderVoice } from "./kit/provider-voice";
import type { UserKey } from "./kit/user-key";

/** Whom a removal is for, once the provider has read the ref: `target` is whatever its next hooks need. */
export interface ResolvedUser<Target> {
  target: Target;
  /** The user an email lookup found for the ref; null when the ref is addressed as it was given. */
  found: NamedUser | null;
}

/** The member a removal will name, and what the provider's membership read said. */
export interface MembershipCheck<Member> {
  member: Member;
  /** The user the removal will name: checked here against the ref before anything is sent. */
  user: NamedUser;
  /**
   * Every user the provider's membership read named, and its response; null when the provider has
   * no membership read (Blueshift, docs/blueshift.md §1.1) and the removal's own answer must say.
   */
  read: { named: readonly NamedUser[]; response: UpstreamResponse } | null;
}

/**
 * What a provider supplies for one removal, in the manner of RESTDataSource's willSendRequest /
 * parseBody / errorFromResponse: each hook makes one decision, and removeMembership
 * (src/removal/remove-membership.ts) runs them in this order, with the deadline, the identity
 * checks and the outcome rule around them. A provider never runs a removal itself.
 */
export interface RemovalHooks<Target, Member> {
  readonly voice: ProviderVoice;
  /** UPSTREAM_DEADLINE_MS: what one removal may take, all its calls together. */
  readonly deadlineMs: number;
  /** Who and where: refuses a ref or group the provider cannot address safely, looks an email up. */
  resolveUser(groupId: string, user: UserKey, scope: CallScope): Promise<ResolvedUser<Target> | MembershipError>;
  /** Reads the membership where the provider can, or says it cannot; a definite "not a member" ends the removal here. */
  checkMembership(target: Target, scope: CallScope): Promise<MembershipCheck<Member> | MembershipError>;
  /** Sends the removal: every attempt, in order, or why nothing could be sent (Usergrid: no token). */
  sendRemoval(member: Member, scope: CallScope): Promise<Attempt[] | MembershipError>;
  /** A 200: MembershipRemoval when its body confirms removing this user from this group, else why not. */
  confirmRemoval(member: Member, response: UpstreamResponse): RemoveUserFromGroupResult;
  /** The removal's definite answer other than 200, when no attempt can have applied it (Blueshift reads the customer on a 404). */
  explainFailure(member: Member, last: Attempt, scope: CallScope): Promise<MembershipError>;
}
