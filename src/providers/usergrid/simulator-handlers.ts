import type { SimulatorAnswer } from "../../simulation/simulator-answer";
import type { UsergridCall } from "./simulator-context";
import { envelopeAnswer, groupEntity, userEntity } from "./simulator-entities";
import { usergridError } from "./simulator-errors";
import type { UsergridGroup, UsergridUser } from "./simulator-seed";
import { isUuid, type UsergridState } from "./simulator-state";

type Found<T> = { found: T } | { answer: SimulatorAnswer };

/** Names outside this set resolve to no Identifier at all (usergrid.md §1, last row of the table). */
const ADDRESSABLE_NAME = /^[a-zA-Z0-9_\-./'+ ]*$/;

/**
 * `DELETE …/groups/{group…}/users/{user}`: 200 even for a non-member, as Usergrid answers
 * (usergrid.md §1), which is why the facade must read the membership first.
 */
export function removeMember(call: UsergridCall, groupSegments: readonly string[], userSegment: string): SimulatorAnswer {
  const { state, restoreAfterRemoval } = call.context;
  const group = findGroup(state, groupSegments);
  if ("answer" in group) return group.answer;
  const user = findUser(state, userSegment, false);
  if ("answer" in user) return user.answer;
  const wasMember = state.isMember(group.found.uuid, user.found.uuid);
  state.removeMember(group.found.uuid, user.found.uuid);
  // Bench mode: the next removal of the same pair does the same real work again.
  if (wasMember && restoreAfterRemoval) state.addMember(group.found.uuid, user.found.uuid);
  const path = `/groups/${group.found.uuid}/users`;
  return envelopeAnswer(call.scope, "delete", path, [userEntity(user.found, path)]);
}

/** `GET …/groups/{group…}/users[/{user}]`: one member, or 404 service_resource_not_found when not a member. */
export function readMembership(call: UsergridCall, groupSegments: readonly string[], userSegment: string | undefined): SimulatorAnswer {
  const { state } = call.context;
  const group = findGroup(state, groupSegments);
  if ("answer" in group) return group.answer;
  const path = `/groups/${group.found.uuid}/users`;
  if (userSegment === undefined) return envelopeAnswer(call.scope, "get", path, state.members(group.found.uuid).map((user) => userEntity(user, path)));
  const user = findUser(state, userSegment, false);
  if ("answer" in user) return user.answer;
  if (!state.isMember(group.found.uuid, user.found.uuid)) return usergridError("service_resource_not_found");
  return envelopeAnswer(call.scope, "get", path, [userEntity(user.found, path)]);
}

/** `GET …/users/{uuid|username|email}`: the users collection does look emails up, unlike the group route. */
export function readUser(call: UsergridCall, userSegment: string): SimulatorAnswer {
  const user = findUser(call.context.state, userSegment, true);
  if ("answer" in user) return user.answer;
  return envelopeAnswer(call.scope, "get", "/users", [userEntity(user.found, "/users")]);
}

/** `GET …/groups/{group…}`: the group by path or UUID, 404 entity_not_found as the removal route answers. */
export function readGroup(call: UsergridCall, groupSegments: readonly string[]): SimulatorAnswer {
  const group = findGroup(call.context.state, groupSegments);
  if ("answer" in group) return group.answer;
  return envelopeAnswer(call.scope, "get", "/groups", [groupEntity(group.found)]);
}

/** Only the query the facade sends (CONTRACT §2): `select * where email='…'`, keywords in any case. */
const EMAIL_QUERY = /^\s*(?:select\s+\*\s+)?where\s+email\s*=\s*'([^']*)'\s*$/i;

/** `GET …/users?ql=…`: 0..n users; no ql lists them all. */
export function queryUsers(call: UsergridCall): SimulatorAnswer {
  const { state } = call.context;
  const ql = call.query.get("ql");
  const email = ql === null ? undefined : EMAIL_QUERY.exec(ql)?.[1];
  if (ql !== null && email === undefined) return usergridError("illegal_argument", `The simulator understands only select * where email='…', not: ${ql}`);
  const users = email === undefined ? state.allUsers() : state.usersByEmail(email);
  return envelopeAnswer(call.scope, "get", "/users", users.map((user) => userEntity(user, "/users")));
}

/** `PUT|POST …/users/{user}/revoketokens` (all) or `/revoketoken?token=` (one), usergrid.md §3. */
export function revokeTokens(call: UsergridCall, userSegment: string, onlyToken: string | undefined): SimulatorAnswer {
  const user = findUser(call.context.state, userSegment, false);
  if ("answer" in user) return user.answer;
  // The simulator does not track whose token is whose: revoking "the user's tokens" revokes every
  // token, the facade's app token included, which is the case the facade must survive.
  if (onlyToken === undefined) call.context.tokens.revokeAll();
  else call.context.tokens.revoke(onlyToken);
  return envelopeAnswer(call.scope, "revoked user token(s)", `/users/${user.found.uuid}/revoketokens`);
}

/** The group's unique path (segments joined by `/`, case-insensitive) or its UUID (usergrid.md §1). */
function findGroup(state: UsergridState, segments: readonly string[]): Found<UsergridGroup> {
  const [first = ""] = segments;
  if (segments.length === 1 && isUuid(first)) {
    const group = state.groupByUuid(first);
    return group ? { found: group } : { answer: usergridError("entity_not_found", `Cannot find entity associated with uuid: ${first}`) };
  }
  const group = state.groupByPath(segments.join("/"));
  // No path matches: Usergrid then looks the first segment up by name and fails on it.
  return group ? { found: group } : { answer: usergridError("entity_not_found", `Cannot find entity with name: ${first.toLowerCase()}`) };
}

/** UUID or username; an email only where the service looks emails up (usergrid.md §1: DELETE never does). */
function findUser(state: UsergridState, segment: string, byEmail: boolean): Found<UsergridUser> {
  const notFound = { answer: usergridError("service_resource_not_found") };
  if (isUuid(segment)) {
    const user = state.userByUuid(segment);
    return user ? { found: user } : notFound;
  }
  if (segment.includes("@")) {
    const [user] = byEmail ? state.usersByEmail(segment) : [];
    return user ? { found: user } : notFound;
  }
  if (!ADDRESSABLE_NAME.test(segment)) return { answer: usergridError("illegal_argument", "Supplied id results in null Identifier") };
  const user = state.userByUsername(segment);
  return user ? { found: user } : notFound;
}
