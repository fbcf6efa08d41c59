import { GroupNotFoundError } from "../../graphql/errors/group-not-found.error";
import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import type { MembershipError } from "../../graphql/errors/membership-error.interface";
import { MembershipNotFoundError } from "../../graphql/errors/membership-not-found.error";
import { ProviderAuthError } from "../../graphql/errors/provider-auth.error";
import { UpstreamError } from "../../graphql/errors/upstream.error";
import { UserNotFoundError } from "../../graphql/errors/user-not-found.error";
import { Group } from "../../graphql/group.type";
import { MembershipRemoval } from "../../graphql/membership-removal.type";
import { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import { User } from "../../graphql/user.type";
import type { Attempt } from "../../http/call-policy";
import { jsonObject } from "../../http/response-body";
import type { UpstreamResponse } from "../../http/upstream-response";
import type { EntityAnswer } from "../membership-provider";
import type { NamedUser } from "../kit/named-user";
import { said, upstreamFields, type ProviderVoice } from "../kit/provider-voice";
import { definiteError } from "../kit/upstream-errors";
import { UUID_SHAPE } from "../kit/uuid-shape";
import type { NoToken } from "./token-source";

export interface UsergridVoice extends ProviderVoice {
  org: string;
  app: string;
}

/** Usergrid's error envelope names the failure in `error` (docs/usergrid.md §2); status alone is not enough. */
export function errorCode(response: UpstreamResponse): string | undefined {
  const code = jsonObject(response.body)?.error;
  return typeof code === "string" ? code : undefined;
}

/** The users of a success envelope (`entities`), or undefined when the body is not one. */
export function usersIn(response: UpstreamResponse): NamedUser[] | undefined {
  const entities = jsonObject(response.body)?.entities;
  if (!Array.isArray(entities)) return undefined;
  const users: NamedUser[] = [];
  for (const entity of entities) {
    const fields = typeof entity === "object" && entity !== null ? (entity as Record<string, unknown>) : {};
    if (typeof fields.uuid !== "string" || !UUID_SHAPE.test(fields.uuid)) return undefined;
    users.push({
      uuid: fields.uuid.toLowerCase(),
      username: typeof fields.username === "string" ? fields.username : null,
      email: typeof fields.email === "string" ? fields.email : null,
    });
  }
  return users;
}

/**
 * Why no token could be had, from the token endpoint's last attempt (docs/usergrid.md §3): refused
 * credentials (400 invalid_grant, 401), a 200 without a usable token, or what any call would say.
 */
export function tokenError(voice: UsergridVoice, noToken: NoToken): MembershipError {
  const attempt = noToken.answer;
  if (attempt.kind === "response" && (attempt.response.status === 400 || attempt.response.status === 401)) {
    return new ProviderAuthError({ ...upstreamFields(voice, attempt.response), message: `${said(voice, attempt.response)}. ${voice.authHint}` });
  }
  if (attempt.kind === "response" && attempt.response.status === 200) {
    return new UpstreamError({ ...upstreamFields(voice, attempt.response), message: "Usergrid's token endpoint answered 200 without a usable access_token and expires_in." });
  }
  return definiteError(voice, attempt);
}

/** A definite, non-200 answer, mapped by Usergrid's error code first (docs/contract.md §2, Usergrid rows). */
export function usergridError(voice: UsergridVoice, attempt: Attempt, groupId: string): MembershipError {
  if (attempt.kind === "failure") return definiteError(voice, attempt);
  const response = attempt.response;
  const fields = upstreamFields(voice, response);
  const code = errorCode(response);
  if (response.status === 404 && code === "entity_not_found") {
    return new GroupNotFoundError({ ...fields, groupId, message: `Usergrid has no group "${groupId}" (by path or UUID).` });
  }
  if (response.status === 404 && code === "service_resource_not_found") {
    return new UserNotFoundError({ ...fields, message: "Usergrid has no such user." });
  }
  if (response.status === 404 && code === "organization_application_not_found") {
    return new UpstreamError({
      ...fields,
      message: `Usergrid has no application "${voice.org}/${voice.app}": check USERGRID_ORG and USERGRID_APP.`,
    });
  }
  if (response.status === 401 && code === "unauthorized") {
    return new ProviderAuthError({
      ...fields,
      message: `${said(voice, response)}. The application's client credentials lack permission to remove group members.`,
    });
  }
  if (response.status === 400) {
    return new InvalidInputError({ ...fields, field: "groupId", message: `${said(voice, response)}. Usergrid refused the group or user segment.` });
  }
  return definiteError(voice, attempt);
}

export function notAMember(voice: UsergridVoice, response: UpstreamResponse, groupId: string): MembershipNotFoundError {
  return new MembershipNotFoundError({
    ...upstreamFields(voice, response),
    groupExists: true,
    message: `The user is not a member of Usergrid group "${groupId}"; nothing was removed.`,
  });
}

/**
 * A 200 is a removal only when the envelope is a delete naming this user (docs/usergrid.md §1). The
 * group's UUID is read from `path` ("/groups/{uuid}/users") where Usergrid reveals it.
 */
export function confirmRemoval(
  voice: UsergridVoice,
  response: UpstreamResponse,
  groupId: string,
  member: NamedUser,
): RemoveUserFromGroupResult {
  const body = jsonObject(response.body);
  const removed = usersIn(response)?.find((u) => u.uuid === member.uuid);
  if (!removed || (body?.action !== undefined && body.action !== "delete")) {
    return new UpstreamError({
      ...upstreamFields(voice, response),
      message: `${said(voice, response)}, but the body does not confirm removing this user; treat the membership as unchanged until checked.`,
    });
  }
  const groupSegment = typeof body?.path === "string" ? /^\/groups\/([^/]+)\/users$/i.exec(body.path)?.[1] : undefined;
  const groupUuid = groupSegment !== undefined && UUID_SHAPE.test(groupSegment) ? groupSegment.toLowerCase() : undefined;
  return new MembershipRemoval({
    group: new Group(Provider.USERGRID, groupUuid ?? groupId),
    user: new User(Provider.USERGRID, removed.uuid, {
      username: removed.username ?? member.username,
      email: removed.email ?? member.email,
    }),
    removedAt: new Date(),
    upstreamRequestId: response.requestId,
  });
}

/**
 * A read of one entity (`GET …/users/{uuid}` or `…/groups/{group}`) for a federation reference.
 * Only a 404 naming the entity itself is a definite "no such entity": Usergrid answers
 * entity_not_found or service_resource_not_found for it (docs/usergrid.md §1), while
 * organization_application_not_found is a misconfiguration and must not read as "absent".
 */
export function entityFromRead<T>(voice: UsergridVoice, attempt: Attempt, found: (response: UpstreamResponse) => T | MembershipError): EntityAnswer<T> {
  if (attempt.kind === "response" && attempt.response.status === 200) return found(attempt.response);
  if (attempt.kind === "response" && attempt.response.status === 404) {
    const code = errorCode(attempt.response);
    if (code === "entity_not_found" || code === "service_resource_not_found") return null;
  }
  return usergridError(voice, attempt, "");
}
