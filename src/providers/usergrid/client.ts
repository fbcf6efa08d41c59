import { lastAttempt, type Attempt, type CallPolicy, type CallScope } from "../../http/call-policy";
import { jsonObject } from "../../http/response-body";
import type { UpstreamClient, UpstreamRequest } from "../../http/upstream-client";
import { NoToken, type TokenSource } from "./token-source";

/**
 * 401 codes that mean "this token", not "these credentials": a new token may succeed
 * (docs/usergrid.md §2 auth table). `unauthorized` is a permission refusal and is not among them.
 */
const TOKEN_REJECTIONS = new Set(["expired_token", "auth_invalid", "auth_bad_access_token", "auth_unverified_oath"]);

/** Route templates, for logs and metrics (CallPolicy.run). */
const ROUTES = {
  getUser: "GET /{org}/{app}/users/{user}",
  findUsersByEmail: "GET /{org}/{app}/users?ql={query}",
  getGroup: "GET /{org}/{app}/groups/{group_path}",
  getMembership: "GET /{org}/{app}/groups/{group_path}/users/{user}",
  removeMember: "DELETE /{org}/{app}/groups/{group_path}/users/{user_uuid}",
} as const;

/**
 * Usergrid's user, group-membership and removal routes under /{org}/{app} (docs/usergrid.md §1).
 * Knows URLs and the bearer token, nothing about GraphQL: every call answers its attempts, or
 * NoToken when no token could be had to send it. Path segments arrive encoded.
 */
export class UsergridClient {
  constructor(
    private readonly http: UpstreamClient,
    private readonly policy: CallPolicy,
    private readonly tokens: TokenSource,
    /** "/{org}/{app}", each segment encoded. */
    private readonly appPath: string,
  ) {}

  getUser(user: string, scope: CallScope): Promise<Attempt[] | NoToken> {
    return this.call(ROUTES.getUser, { method: "GET", path: `${this.appPath}/users/${encodeURIComponent(user)}` }, scope);
  }

  /**
   * Usergrid's query language has no escapes, so the caller refuses emails with ' or \. The value
   * is percent-encoded twice because Usergrid decodes `ql` twice, once in the servlet layer and
   * again in Query.fromQL (docs/usergrid.md §1b): encoded once, an email holding `%27` would end the
   * string literal and widen the query, and `+` would arrive as a space.
   */
  findUsersByEmail(email: string, scope: CallScope): Promise<Attempt[] | NoToken> {
    const ql = `select * where email='${email}'`;
    return this.call(ROUTES.findUsersByEmail, { method: "GET", path: `${this.appPath}/users?ql=${encodeURIComponent(encodeURIComponent(ql))}` }, scope);
  }

  /** `groupPath` is already encoded segment by segment (group-path.ts). */
  getGroup(groupPath: string, scope: CallScope): Promise<Attempt[] | NoToken> {
    return this.call(ROUTES.getGroup, { method: "GET", path: `${this.appPath}/groups/${groupPath}` }, scope);
  }

  getMembership(groupPath: string, user: string, scope: CallScope): Promise<Attempt[] | NoToken> {
    return this.call(ROUTES.getMembership, { method: "GET", path: `${this.appPath}/groups/${groupPath}/users/${encodeURIComponent(user)}` }, scope);
  }

  /**
   * Always with a user segment and never with a query: `DELETE /groups/{g}` deletes the group and
   * `?ql=` deletes by query (docs/usergrid.md §1c).
   */
  removeMember(groupPath: string, userUuid: string, scope: CallScope): Promise<Attempt[] | NoToken> {
    if (userUuid === "") throw new Error("refusing a Usergrid DELETE without a user segment");
    return this.call(ROUTES.removeMember, { method: "DELETE", path: `${this.appPath}/groups/${groupPath}/users/${encodeURIComponent(userUuid)}` }, scope);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Sends with the app token; on a token rejection, fetches a new token once and repeats. */
  private async call(route: string, request: Omit<UpstreamRequest, "headers">, scope: CallScope): Promise<Attempt[] | NoToken> {
    const token = await this.tokens.get(scope);
    if (token instanceof NoToken) return token;
    const attempts = await this.send(route, request, token.value, scope);
    if (!isTokenRejection(lastAttempt(attempts))) return attempts;
    this.tokens.invalidate(token);
    const fresh = await this.tokens.get(scope);
    if (fresh instanceof NoToken) return new NoToken(fresh.answer, attempts);
    return [...attempts, ...(await this.send(route, request, fresh.value, scope))];
  }

  private send(route: string, request: Omit<UpstreamRequest, "headers">, token: string, scope: CallScope): Promise<Attempt[]> {
    const withHeaders = { ...request, headers: { accept: "application/json", authorization: `Bearer ${token}` } };
    return this.policy.run((timeoutMs) => this.http.send(withHeaders, timeoutMs), route, scope);
  }
}

function isTokenRejection(attempt: Attempt): boolean {
  if (attempt.kind !== "response" || attempt.response.status !== 401) return false;
  const code = jsonObject(attempt.response.body)?.error;
  return typeof code === "string" && TOKEN_REJECTIONS.has(code);
}
