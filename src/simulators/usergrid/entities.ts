import { createHash } from "node:crypto";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { UsergridGroup, UsergridUser } from "./seed";

/** Where an answer is served from; Usergrid builds `uri` from the request's own base (docs/usergrid.md §1). */
export interface ApplicationScope {
  readonly baseUri: string;
  readonly organization: string;
  readonly applicationName: string;
  readonly applicationUuid: string;
  /** Query parameters minus credentials, each as a list, as ApiResponse echoes them. */
  readonly params: Record<string, string[]>;
}

const CREDENTIAL_PARAMS = new Set(["access_token", "client_id", "client_secret"]);

export function publicParams(query: URLSearchParams): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const [name, value] of query) if (!CREDENTIAL_PARAMS.has(name)) (params[name] ??= []).push(value);
  return params;
}

/** The success envelope, fields in ApiResponse's @JsonPropertyOrder (fixture delete-member-200.json). */
export function envelopeAnswer(scope: ApplicationScope, action: string, path: string, entities?: readonly object[]): SimulatorAnswer {
  return {
    status: 200,
    body: {
      action,
      application: scope.applicationUuid,
      params: scope.params,
      path,
      uri: `${scope.baseUri}/${scope.organization}/${scope.applicationName}${path}`,
      ...(entities === undefined ? {} : { entities }),
      timestamp: Date.now(),
      duration: 0,
      organization: scope.organization,
      applicationName: scope.applicationName,
    },
  };
}

/** A user entity as it appears under `collectionPath` ("/users" or "/groups/{uuid}/users"), like the fixture's. */
export function userEntity(user: UsergridUser, collectionPath: string): object {
  const self = `${collectionPath}/${user.uuid}`;
  const link = (name: string) => `${self}/${name}`;
  return {
    uuid: user.uuid,
    type: "user",
    name: user.username,
    created: user.created,
    modified: user.created,
    username: user.username,
    email: user.email,
    activated: true,
    picture: `http://www.gravatar.com/avatar/${createHash("md5").update(user.email.toLowerCase()).digest("hex")}`,
    metadata: {
      path: self,
      sets: { rolenames: link("roles"), permissions: link("permissions") },
      collections: Object.fromEntries(["activities", "devices", "feed", "groups", "roles", "following", "followers"].map((name) => [name, link(name)])),
    },
  };
}

/** A group entity as `GET /groups/{group}` lists it: the fields the facade reads, in Usergrid's shape. */
export function groupEntity(group: UsergridGroup): object {
  return { uuid: group.uuid, type: "group", path: group.path, metadata: { path: `/groups/${group.uuid}` } };
}
