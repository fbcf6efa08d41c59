import { UserRefKind } from "../../graphql/user-ref-kind.enum";
import { sameEmail } from "./same-email";
import type { UserKey } from "./user-key";

/** A user as an upstream answer names them, UUID lowercased; a provider without usernames (Blueshift) has none. */
export interface NamedUser {
  uuid: string;
  username: string | null;
  email: string | null;
}

/**
 * Whether an email lookup answered for the email asked for: a search is not a lookup, so only a
 * user whose own email is the requested one is that user (docs/contract.md §2, "Act only on the
 * user asked for").
 */
export function isUserWithEmail(found: NamedUser, email: string): boolean {
  return sameEmail(found.email, email);
}

/**
 * Whether `named` is the user the ref asked for: the same UUID, the same username (both providers
 * compare usernames lowercased, docs/usergrid.md §6), or, for an email, the user its lookup found.
 */
export function isUserAskedFor(named: NamedUser, asked: UserKey, found: NamedUser | null): boolean {
  switch (asked.kind) {
    case UserRefKind.UUID:
      return named.uuid === asked.uuid.toLowerCase();
    case UserRefKind.USERNAME:
      return named.username !== null && named.username.toLowerCase() === asked.username.toLowerCase();
    case UserRefKind.EMAIL:
      return found !== null && named.uuid === found.uuid;
  }
}
