import { InvalidInputError } from "../graphql/errors/invalid-input.error";
import type { Provider } from "../graphql/provider.enum";
import type { UserRef } from "../graphql/user-ref.input";
import { UserRefKind } from "../graphql/user-ref-kind.enum";
import type { UserKey } from "../providers/kit/user-key";

export const MAX_GROUP_ID_LENGTH = 256;
const MAX_USERNAME_LENGTH = 256;
// C0 controls, DEL and C1 controls: never meaningful in an id, and dangerous in a URL or a log line.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// A lone UTF-16 surrogate (JSON can carry one as "\ud800") has no UTF-8 form: encodeURIComponent throws on it.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type RemovalInput = { groupId: string; user: UserKey };

/**
 * The checks both providers share, made before any upstream call (docs/contract.md §2). The schema's
 * scalars already refuse a malformed UUID or email; "exactly one field" is checked here too
 * because Federation composition drops @oneOf.
 */
export function parseRemovalInput(
  provider: Provider,
  groupId: string,
  userRef: UserRef,
): RemovalInput | InvalidInputError {
  const invalid = (field: string, message: string) => new InvalidInputError({ provider, field, message });

  if (groupId.length === 0) return invalid("groupId", "groupId must not be empty.");
  if (groupId.length > MAX_GROUP_ID_LENGTH) {
    return invalid("groupId", `groupId must be at most ${MAX_GROUP_ID_LENGTH} characters.`);
  }
  if (CONTROL_CHARACTERS.test(groupId)) return invalid("groupId", "groupId must not contain control characters.");
  if (UNPAIRED_SURROGATE.test(groupId)) return invalid("groupId", "groupId must be well-formed Unicode.");
  if (groupId === "." || groupId === "..") return invalid("groupId", "groupId must not be '.' or '..'.");

  const given = Number(userRef.uuid != null) + Number(userRef.username != null) + Number(userRef.email != null);
  if (given !== 1) return invalid("userRef", `userRef needs exactly one of uuid, username, email; got ${given}.`);
  if (userRef.uuid != null) return { groupId, user: { kind: UserRefKind.UUID, uuid: userRef.uuid.toLowerCase() } };
  if (userRef.email != null) {
    if (UNPAIRED_SURROGATE.test(userRef.email)) return invalid("userRef.email", "email must be well-formed Unicode.");
    return { groupId, user: { kind: UserRefKind.EMAIL, email: userRef.email } };
  }

  const username = userRef.username ?? "";
  if (username.length === 0 || username === "." || username === "..") {
    return invalid("userRef.username", "username must not be empty, '.' or '..'.");
  }
  if (username.length > MAX_USERNAME_LENGTH || CONTROL_CHARACTERS.test(username) || UNPAIRED_SURROGATE.test(username)) {
    return invalid("userRef.username", `username must be at most ${MAX_USERNAME_LENGTH} characters of well-formed Unicode, without control characters.`);
  }
  return { groupId, user: { kind: UserRefKind.USERNAME, username } };
}
