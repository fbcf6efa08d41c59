import { SpanStatusCode, trace } from "@opentelemetry/api";
import { tracer } from "../telemetry/request-correlation";
import { MembershipError } from "../graphql/errors/membership-error.interface";
import { UpstreamError } from "../graphql/errors/upstream.error";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import { UserRefKind } from "../graphql/user-ref-kind.enum";
import { scopeFrom } from "../http/call-policy";
import type { UpstreamResponse } from "../http/upstream-response";
import { isUserAskedFor, isUserWithEmail } from "../providers/kit/named-user";
import { upstreamFields, type ProviderVoice } from "../providers/kit/provider-voice";
import type { UserKey } from "../providers/kit/user-key";
import type { RemovalHooks } from "../providers/removal-hooks";
import { decideRemoval } from "./outcome-rule";

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
