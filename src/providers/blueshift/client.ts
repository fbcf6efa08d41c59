import type { Secret } from "../../config/secret";
import type { Attempt, CallPolicy, CallScope } from "../../http/call-policy";
import type { UpstreamClient, UpstreamRequest } from "../../http/upstream-client";

/** Route templates, for logs and metrics (CallPolicy.run). */
const ROUTES = {
  removeUser: "DELETE /api/v1/customer_group/{group_id}/user/{user_uuid}",
  searchByEmail: "GET /api/v1/customers?email={email}",
  getCustomer: "GET /api/v1/customers/{uuid}",
} as const;

/**
 * Blueshift's customer-group and customer routes (docs/blueshift.md §1.2, §5). Knows
 * URLs and auth, nothing about GraphQL.
 */
export class BlueshiftClient {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly http: UpstreamClient,
    private readonly policy: CallPolicy,
    apiKey: Secret,
  ) {
    // The User API key is the Basic username with an empty password: base64("key:") (§6).
    // Built once: it is the same for every request.
    this.headers = {
      accept: "application/json",
      authorization: `Basic ${Buffer.from(`${apiKey.reveal()}:`).toString("base64")}`,
    };
  }

  /** The group id is one path segment: a "/" in it is encoded, never sent raw (docs/contract.md §2). */
  removeUser(groupId: string, userUuid: string, scope: CallScope): Promise<Attempt[]> {
    const path = `/api/v1/customer_group/${encodeURIComponent(groupId)}/user/${encodeURIComponent(userUuid)}`;
    return this.call(ROUTES.removeUser, { method: "DELETE", path }, scope);
  }

  searchByEmail(email: string, scope: CallScope): Promise<Attempt[]> {
    return this.call(ROUTES.searchByEmail, { method: "GET", path: `/api/v1/customers?email=${encodeURIComponent(email)}` }, scope);
  }

  getCustomer(uuid: string, scope: CallScope): Promise<Attempt[]> {
    return this.call(ROUTES.getCustomer, { method: "GET", path: `/api/v1/customers/${encodeURIComponent(uuid)}` }, scope);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private call(route: string, request: Omit<UpstreamRequest, "headers">, scope: CallScope): Promise<Attempt[]> {
    const withHeaders = { ...request, headers: this.headers };
    return this.policy.run((timeoutMs) => this.http.send(withHeaders, timeoutMs), route, scope);
  }
}
