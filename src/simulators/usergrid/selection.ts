import type { SimulatorAnswer } from "../kit/simulator-answer";
import { usergridError } from "./errors";
import type { EntityFields, EntityFilter } from "./query";
import type { UsergridGroup, UsergridUser } from "./seed";
import { readSegment } from "./segment";
import { isUuid, type UsergridState } from "./state";

export type Found<T> = { found: T } | { answer: SimulatorAnswer };

/** The groups a group position selects: one by path or UUID, or every group a query matches (docs/usergrid.md §1a). */
export interface GroupSelection {
  readonly groups: readonly UsergridGroup[];
  readonly byQuery: boolean;
}

/** The user position: one user by UUID or name, or a query over a group's members. */
export type UserSelection = { readonly user: UsergridUser } | { readonly filter: EntityFilter };

/** Names outside this set resolve to no Identifier at all (docs/usergrid.md §1, last row of the table). */
const ADDRESSABLE_NAME = /^[a-zA-Z0-9_\-./'+ ]*$/;

export function userFields(user: UsergridUser): EntityFields {
  return { uuid: user.uuid, type: "user", name: user.username, username: user.username, email: user.email };
}

export function groupFields(group: UsergridGroup): EntityFields {
  return { uuid: group.uuid, type: "group", name: group.path, path: group.path };
}

/**
 * The group's unique path (name segments trimmed, lowercased and joined by `/`) or its UUID
 * (docs/usergrid.md §1); a lone `all` or `{…}` segment is a query over every group instead (docs/usergrid.md §1a).
 * A query segment beside name segments is not modelled: it answers as an unknown path.
 */
export function selectGroups(state: UsergridState, rawSegments: readonly string[]): Found<GroupSelection> {
  const segments = rawSegments.map(readSegment);
  const [first] = segments;
  if (first?.kind === "query" && segments.length === 1) {
    const groups = state.allGroups().filter((group) => first.filter(groupFields(group)));
    return groups.length > 0 ? { found: { groups, byQuery: true } } : { answer: usergridError("entity_not_found", `Cannot find entity with name: ${rawSegments[0] ?? ""}`) };
  }
  const names = segments.map((segment, index) => (segment.kind === "name" ? segment.name : (rawSegments[index] ?? "")));
  const [firstName = ""] = names;
  if (names.length === 1 && isUuid(firstName)) {
    const group = state.groupByUuid(firstName);
    return group ? { found: { groups: [group], byQuery: false } } : { answer: usergridError("entity_not_found", `Cannot find entity associated with uuid: ${firstName}`) };
  }
  const group = state.groupByPath(names.join("/"));
  // No path matches: Usergrid then looks the first segment up by name and fails on it.
  return group ? { found: { groups: [group], byQuery: false } } : { answer: usergridError("entity_not_found", `Cannot find entity with name: ${firstName}`) };
}

/** `all` or `{…}` is a query; anything else one user, as findUser finds them. */
export function selectUser(state: UsergridState, rawSegment: string, byEmail: boolean): Found<UserSelection> {
  const segment = readSegment(rawSegment);
  if (segment.kind === "query") return { found: { filter: segment.filter } };
  const user = findUser(state, segment.name, byEmail);
  return "found" in user ? { found: { user: user.found } } : user;
}

/**
 * UUID or username, `name` already trimmed and lowercased; an email only where the service looks
 * emails up (docs/usergrid.md §1: DELETE never does).
 */
export function findUser(state: UsergridState, name: string, byEmail: boolean): Found<UsergridUser> {
  const notFound = { answer: usergridError("service_resource_not_found") };
  if (isUuid(name)) {
    const user = state.userByUuid(name);
    return user ? { found: user } : notFound;
  }
  if (name.includes("@")) {
    const [user] = byEmail ? state.usersByEmail(name) : [];
    return user ? { found: user } : notFound;
  }
  if (!ADDRESSABLE_NAME.test(name)) return { answer: usergridError("illegal_argument", "Supplied id results in null Identifier") };
  const user = state.userByUsername(name);
  return user ? { found: user } : notFound;
}
