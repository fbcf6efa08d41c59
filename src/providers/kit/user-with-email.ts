import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import type { MembershipError } from "../../graphql/errors/membership-error.interface";
import { UserNotFoundError } from "../../graphql/errors/user-not-found.error";
import type { UpstreamResponse } from "../../http/upstream-response";
import { isUserWithEmail, type NamedUser } from "./named-user";
import { upstreamFields, type ProviderVoice } from "./provider-voice";

/**
 * The one user of a provider's search answer whose own email is the one asked for. A search may
 * list more than was meant (Blueshift's "most relevant match", docs/blueshift.md §5; a Usergrid
 * query, docs/usergrid.md §1b), so the others are ignored; several distinct users with that email
 * are refused rather than guessed at ("never guess whom to remove", docs/contract.md §2).
 */
export function userWithEmail<T extends NamedUser>(voice: ProviderVoice, response: UpstreamResponse, listed: readonly T[], email: string): T | MembershipError {
  const users = listed.filter((user) => isUserWithEmail(user, email));
  const uuids = new Set(users.map((user) => user.uuid));
  const [user] = users;
  if (!user) {
    return new UserNotFoundError({ ...upstreamFields(voice, response), message: `${voice.name} has no ${voice.userNoun} with email ${email}.` });
  }
  if (uuids.size > 1) {
    return new InvalidInputError({
      ...upstreamFields(voice, response),
      field: "userRef.email",
      message: `${uuids.size} ${voice.name} ${voice.userNoun}s have email ${email}; give the ${voice.userNoun}'s ${voice.otherRefs} instead.`,
    });
  }
  return user;
}
