import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { UsergridCall } from "./context";
import { envelopeAnswer, groupEntity, userEntity } from "./entities";
import { usergridError } from "./errors";
import { parseQl } from "./query";
import type { UsergridGroup, UsergridUser } from "./seed";
import { normalizeName } from "./segment";
import { findUser, selectGroups, selectUser, userFields, type UserSelection } from "./selection";
import { decodeLikeUrlDecoder } from "./url-decoder";

/** One group-user pair an answer names. */
interface Membership {
  readonly group: UsergridGroup;
  readonly user: UsergridUser;
}

const membersPath = (group: UsergridGroup): string => `/groups/${group.uuid}/users`;

/**
 * `DELETE …/groups/{group…}/users/{user}`: 200 even for a non-member, as Usergrid answers
 * (docs/usergrid.md §1), which is why the facade must read the membership first. A query segment
 * (`all`, `{…}`, docs/usergrid.md §1a) in either position acts on every membership it matches, for real, and is
 * recorded as a violation as well.
 */
export function removeMember(call: UsergridCall, groupSegments: readonly string[], userSegment: string): SimulatorAnswer {
  const { state, restoreAfterRemoval } = call.context;
  const selection = selectGroups(state, groupSegments);
  if ("answer" in selection) return selection.answer;
  const users = selectUser(state, userSegment, false);
  if ("answer" in users) return users.answer;
  const { groups, byQuery } = selection.found;
  const removed = groups.flatMap((group) =>
    targets(call, group, users.found).flatMap((user): Membership[] => {
      const wasMember = state.isMember(group.uuid, user.uuid);
      state.removeMember(group.uuid, user.uuid);
      // Bench mode: the next removal of the same pair does the same real work again.
      if (wasMember && restoreAfterRemoval) state.addMember(group.uuid, user.uuid);
      return wasMember ? [{ group, user }] : [];
    }),
  );
  const [firstGroup] = groups as [UsergridGroup];
  if (!byQuery && "user" in users.found) return envelopeAnswer(call.scope, "delete", membersPath(firstGroup), [userEntity(users.found.user, membersPath(firstGroup))]);
  call.context.violations.push(`${call.request.method} ${call.request.path}: a query segment removed ${removed.length} membership(s)`);
  // One answer for many groups: the simulator names the first group acted on in `path` (Usergrid's choice is unknown).
  const named = removed.length > 0 || !("user" in users.found) ? removed : [{ group: firstGroup, user: users.found.user }];
  const path = membersPath(named[0]?.group ?? firstGroup);
  return envelopeAnswer(call.scope, "delete", path, named.map(({ group, user }) => userEntity(user, membersPath(group))));
}

/**
 * `GET …/groups/{group…}/users[/{user}]`: one member, or 404 service_resource_not_found when not a
 * member. With a query segment (docs/usergrid.md §1a) it lists every matching membership: `groups/all/users/{u}`
 * the user once per group they are in, `groups/{g}/users/all` every member of g.
 */
export function readMembership(call: UsergridCall, groupSegments: readonly string[], userSegment: string | undefined): SimulatorAnswer {
  const { state } = call.context;
  const selection = selectGroups(state, groupSegments);
  if ("answer" in selection) return selection.answer;
  const users = userSegment === undefined ? { found: { filter: () => true } } : selectUser(state, userSegment, false);
  if ("answer" in users) return users.answer;
  const { groups } = selection.found;
  const found = groups.flatMap((group) => targets(call, group, users.found).filter((user) => state.isMember(group.uuid, user.uuid)).map((user) => ({ group, user })));
  if ("user" in users.found && found.length === 0) return usergridError("service_resource_not_found");
  const path = membersPath(found[0]?.group ?? (groups[0] as UsergridGroup));
  return envelopeAnswer(call.scope, "get", path, found.map(({ group, user }) => userEntity(user, membersPath(group))));
}

/** `GET …/users/{uuid|username|email}`: the users collection does look emails up, unlike the group route; `all`/`{…}` lists. */
export function readUser(call: UsergridCall, userSegment: string): SimulatorAnswer {
  const { state } = call.context;
  const users = selectUser(state, userSegment, true);
  if ("answer" in users) return users.answer;
  const selected = users.found;
  const found = "user" in selected ? [selected.user] : state.allUsers().filter((user) => selected.filter(userFields(user)));
  return envelopeAnswer(call.scope, "get", "/users", found.map((user) => userEntity(user, "/users")));
}

/** `GET …/groups/{group…}`: the group by path or UUID, 404 entity_not_found as the removal route answers; `all`/`{…}` lists. */
export function readGroup(call: UsergridCall, groupSegments: readonly string[]): SimulatorAnswer {
  const selection = selectGroups(call.context.state, groupSegments);
  if ("answer" in selection) return selection.answer;
  return envelopeAnswer(call.scope, "get", "/groups", selection.found.groups.map(groupEntity));
}

/**
 * `GET …/users?ql=…`: 0..n users; no ql lists them all. The servlet layer has decoded `ql` once
 * already; Query.fromQueryParams decodes it again, URLDecoder-style, before parsing (docs/usergrid.md
 * docs/usergrid.md §1b), so `%27` sent once-encoded ends a string literal and `+` becomes a space.
 */
export function queryUsers(call: UsergridCall): SimulatorAnswer {
  const { state } = call.context;
  const received = call.query.get("ql");
  if (received === null) return envelopeAnswer(call.scope, "get", "/users", state.allUsers().map((user) => userEntity(user, "/users")));
  const ql = decodeLikeUrlDecoder(received);
  if (ql === undefined) return usergridError("illegal_argument", `URLDecoder: Illegal hex characters in escape (%) pattern: ${received}`);
  const filter = parseQl(ql);
  if (filter === undefined) return usergridError("illegal_argument", `The simulator cannot parse this query: ${ql}`);
  const users = state.allUsers().filter((user) => filter(userFields(user)));
  return envelopeAnswer(call.scope, "get", "/users", users.map((user) => userEntity(user, "/users")));
}

/** `PUT|POST …/users/{user}/revoketokens` (all) or `/revoketoken?token=` (one), docs/usergrid.md §3. */
export function revokeTokens(call: UsergridCall, userSegment: string, onlyToken: string | undefined): SimulatorAnswer {
  const user = findUser(call.context.state, normalizeName(userSegment), false);
  if ("answer" in user) return user.answer;
  // The simulator does not track whose token is whose: revoking "the user's tokens" revokes every
  // token, the facade's app token included, which is the case the facade must survive.
  if (onlyToken === undefined) call.context.tokens.revokeAll();
  else call.context.tokens.revoke(onlyToken);
  return envelopeAnswer(call.scope, "revoked user token(s)", `/users/${user.found.uuid}/revoketokens`);
}

/** The users a selection names within one group: the one user, or the group's members a query matches. */
function targets(call: UsergridCall, group: UsergridGroup, users: UserSelection): readonly UsergridUser[] {
  if ("user" in users) return [users.user];
  return call.context.state.members(group.uuid).filter((user) => users.filter(userFields(user)));
}
