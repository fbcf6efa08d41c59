import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import type { MembershipError } from "../../graphql/errors/membership-error.interface";
import { MembershipNotFoundError } from "../../graphql/errors/membership-not-found.error";
import { UpstreamError } from "../../graphql/errors/upstream.error";
import { UserNotFoundError } from "../../graphql/errors/user-not-found.error";
import { Group } from "../../graphql/group.type";
import { MembershipRemoval } from "../../graphql/membership-removal.type";
import { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import { User } from "../../graphql/user.type";
import { lastAttempt, type Attempt } from "../../http/call-policy";
import { jsonObject } from "../../http/response-body";
import type { UpstreamResponse } from "../../http/upstream-response";
import type { EntityAnswer } from "../membership-provider";
import type { NamedUser } from "../kit/named-user";
import { sameEmail } from "../kit/same-email";
import { said, upstreamFields, type ProviderVoice } from "../kit/provider-voice";
import { definiteError } from "../kit/upstream-errors";
import { userWithEmail } from "../kit/user-with-email";
import { UUID_SHAPE } from "../kit/uuid-shape";

/**
 * A 200 is a removal only when its body says so for this group and this user: "never report a
 * removal that the body does not confirm" (docs/contract.md §2; docs/blueshift.md §7).
 */
export function confirmRemoval(
  voice: ProviderVoice,
  response: UpstreamResponse,
  groupId: string,
  customer: NamedUser,
): RemoveUserFromGroupResult {
  const body = jsonObject(response.body);
  const echoed =
    body !== undefined &&
    (body.status === undefined || body.status === "success") &&
    body.group_id === groupId &&
    typeof body.user_uuid === "string" &&
    body.user_uuid.toLowerCase() === customer.uuid;
  if (!echoed) {
    return new UpstreamError({
      ...upstreamFields(voice, response),
      message: `${said(voice, response)}, but the body does not confirm removing this user from this group; treat the membership as unchanged until checked.`,
    });
  }
  return new MembershipRemoval({
    group: new Group(Provider.BLUESHIFT, groupId),
    user: new User(Provider.BLUESHIFT, customer.uuid, { email: customer.email }),
    removedAt: new Date(),
    upstreamRequestId: response.requestId,
  });
}

/** A definite answer to the removal other than 200; 404 needs the follow-up read, see notFound. */
export function removalError(voice: ProviderVoice, attempt: Attempt): MembershipError {
  if (attempt.kind === "response" && attempt.response.status === 400) {
    const errors = jsonObject(attempt.response.body)?.errors;
    const aboutUser = typeof errors === "object" && errors !== null && "user_uuid" in errors;
    return new InvalidInputError({
      ...upstreamFields(voice, attempt.response),
      field: aboutUser ? "userRef.uuid" : "groupId",
      message: `${said(voice, attempt.response)}. Blueshift refused the ${aboutUser ? "user UUID" : "group id"}.`,
    });
  }
  return definiteError(voice, attempt);
}

/**
 * Blueshift's remove-user docs give one 404 for "no such group", "no such user" and "not a
 * member" alike, so the customer is read before we say which (docs/contract.md §2). With no group read
 * endpoint, a known customer leaves group-missing and not-a-member indistinguishable.
 */
export function notFound(
  voice: ProviderVoice,
  removal: UpstreamResponse,
  groupId: string,
  lookup: Attempt,
): MembershipError {
  const fields = upstreamFields(voice, removal);
  if (lookup.kind === "response" && lookup.response.status === 404) {
    return new UserNotFoundError({ ...fields, message: `Blueshift has no customer with this UUID; nothing was removed.` });
  }
  const customerKnown = lookup.kind === "response" && lookup.response.status === 200;
  return new MembershipNotFoundError({
    ...fields,
    groupExists: null,
    message: customerKnown
      ? `Blueshift found no membership of this customer in group "${groupId}" (or no such group; Blueshift does not say which). Nothing was removed.`
      : `Blueshift found no such group, customer or membership (${said(voice, removal)}), and checking the customer failed. Nothing was removed.`,
  });
}

/**
 * The search answers `{users:[…], user:{…}}`, and `user` is only "the most relevant match"
 * (docs/blueshift.md §5): the customer is the one whose own email is the one asked for
 * (userWithEmail), so a search for one address can never lead to removing another. No match may
 * be a 200 with no users or a 404: the docs do not say which.
 */
export function customerFromSearch(voice: ProviderVoice, attempts: readonly Attempt[], email: string): NamedUser | MembershipError {
  const last = lastAttempt(attempts);
  if (last.kind === "response" && last.response.status === 404) return userWithEmail(voice, last.response, [], email);
  if (last.kind === "failure" || last.response.status !== 200) return definiteError(voice, last);

  const response = last.response;
  const body = jsonObject(response.body);
  const listed = Array.isArray(body?.users) ? body.users : body?.user ? [body.user] : undefined;
  if (listed === undefined) {
    return new UpstreamError({ ...upstreamFields(voice, response), message: "Blueshift's customer search answered a body without a users list." });
  }
  const customers: NamedUser[] = [];
  for (const entry of listed) {
    const customer = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {};
    if (typeof customer.uuid === "string" && UUID_SHAPE.test(customer.uuid)) {
      customers.push({ uuid: customer.uuid.toLowerCase(), username: null, email: typeof customer.email === "string" ? customer.email : null });
    } else if (sameEmail(customer.email, email)) {
      return new UpstreamError({ ...upstreamFields(voice, response), message: "Blueshift's customer search answered a customer without a readable UUID." });
    }
  }
  return userWithEmail(voice, response, customers, email);
}

/**
 * `GET /api/v1/customers/{uuid}` read for a federation entity reference: 404 is a definite "no
 * such customer" (the same reading the removal's 404 relies on); anything else that is not a 200
 * is an error, never a silent null.
 */
export function userFromCustomerRead(voice: ProviderVoice, attempt: Attempt, uuid: string): EntityAnswer<User> {
  if (attempt.kind === "response" && attempt.response.status === 404) return null;
  if (attempt.kind === "failure" || attempt.response.status !== 200) return definiteError(voice, attempt);
  const customer = jsonObject(attempt.response.body)?.customer;
  if (typeof customer !== "object" || customer === null) {
    return new UpstreamError({ ...upstreamFields(voice, attempt.response), message: "Blueshift's customer read answered 200 without a customer." });
  }
  const email = (customer as Record<string, unknown>).email;
  return new User(Provider.BLUESHIFT, uuid, { email: typeof email === "string" ? email : null });
}
