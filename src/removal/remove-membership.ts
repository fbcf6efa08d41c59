import { SpanStatusCode, trace } from "@opentelemetry/api";
import { tracer } from "../telemetry/request-correlation";
import { MembershipError } from "../graphql/errors/membership-error.interface";
import { UpstreamError } from "../graphql/errors/upstream.error";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import { UserRefKind } from "../graphql/user-ref-kind.enum";
import { scopeFrom, type Attempt, type CallScope } from "../http/call-policy";
import type { UpstreamResponse } from "../http/upstream-response";
import { isUserAskedFor, isUserWithEmail, type NamedUser } from "./named-user";
import { decideRemoval } from "./outcome-rule";
import { upstreamFields, type ProviderVoice } from "./upstream-errors";
import type { UserKey } from "./user-key";

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
 * parseBody / errorFromResponse: each hook makes one decision, and removeMembership runs them in
 * this order, with the deadline, the identity checks and the outcome rule around them. A provider
 * never runs a removal itself.
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

/**
 * The one way a removal runs, for every provider and every caller (removeUserFromGroup, a bulk
 * removal, a bulk-removal job): one deadline for all its calls (docs/contract.md §2, "One deadline
 * per removal"), the provider's hooks in order, nothing removed but the user asked for ("Act only
 * on the user asked for"), and the outcome rule over every attempt of the removal.
 */
export function removeMembership<Target, Member>(
  hooks: RemovalHooks<Target, Member>,
  groupId: string,
  user: UserKey,
): Promise<RemoveUserFromGroupResult> {
  // One span per removal (docs/contract.md §11), the parent of its upstream attempts' spans. It
  // names the provider, the group and how the user was named, never the user: that may be an email.
  // Within a trace nobody records (no exporter) it would be made only to be dropped: the attempts
  // carry the request's trace context upstream all the same. Without any trace (a bulk-removal
  // job's unit) it starts one.
  const parent = trace.getActiveSpan();
  if (parent !== undefined && !parent.isRecording()) return removeWithinDeadline(hooks, groupId, user);
  const attributes = { "membership.provider": hooks.voice.provider, "membership.group_id": groupId, "membership.user_ref": user.kind };
  return tracer.startActiveSpan("removal", { attributes }, async (span) => {
    try {
      const result = await removeWithinDeadline(hooks, groupId, user);
      span.setAttribute("membership.result", result.constructor.name);
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function removeWithinDeadline<Target, Member>(
  hooks: RemovalHooks<Target, Member>,
  groupId: string,
  user: UserKey,
): Promise<RemoveUserFromGroupResult> {
  const scope = scopeFrom(hooks.deadlineMs);
  const resolved = await hooks.resolveUser(groupId, user, scope);
  if (resolved instanceof MembershipError) return resolved;
  if (user.kind === UserRefKind.EMAIL && (resolved.found === null || !isUserWithEmail(resolved.found, user.email))) {
    return anotherUser(hooks.voice, "email lookup", null);
  }

  const check = await hooks.checkMembership(resolved.target, scope);
  if (check instanceof MembershipError) return check;
  // The removal goes to the user the check names, so that user must be exactly the one asked for:
  // a segment the provider read as a query would name someone else (docs/usergrid.md §1a).
  const named = check.read ? check.read.named : [check.user];
  if (named.length !== 1 || named[0]?.uuid !== check.user.uuid || !isUserAskedFor(check.user, user, resolved.found)) {
    return anotherUser(hooks.voice, check.read ? "membership read" : "lookup", check.read?.response ?? null);
  }

  const attempts = await hooks.sendRemoval(check.member, scope);
  if (attempts instanceof MembershipError) return attempts;
  return decideRemoval(hooks.voice, attempts, {
    confirmed: (response) => hooks.confirmRemoval(check.member, response),
    definite: (last) => hooks.explainFailure(check.member, last, scope),
  });
}

function anotherUser(voice: ProviderVoice, source: string, response: UpstreamResponse | null): UpstreamError {
  return new UpstreamError({
    ...(response ? upstreamFields(voice, response) : { provider: voice.provider }),
    message: `${voice.name}'s ${source} answered for another user than the one asked for; nothing was removed.`,
  });
}
