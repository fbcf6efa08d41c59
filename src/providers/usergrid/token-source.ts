import type { Secret } from "../../config/secret";
import { lastAttempt, type Attempt, type CallPolicy, type CallScope } from "../../http/call-policy";
import { jsonObject } from "../../http/response-body";
import type { UpstreamClient } from "../../http/upstream-client";

export interface Token {
  value: string;
  expiresAt: number;
}

/**
 * No usable token: `answer` is the token endpoint's last attempt, which to-result (tokenError)
 * explains. `sentBefore` holds what the call had already sent with a token Usergrid then refused:
 * a removal among those may have been applied, and the outcome rule must still see it.
 */
export class NoToken {
  constructor(
    readonly answer: Attempt,
    readonly sentBefore: readonly Attempt[] = [],
  ) {}
}

const TOKEN_ROUTE = "POST /{org}/{app}/token";

/** Refresh this long before Usergrid's expiry, so a token never expires in flight. */
const MAX_EARLY_REFRESH_MS = 60_000;

/**
 * The application's OAuth2 client_credentials token (docs/usergrid.md §3): fetched once, cached until
 * shortly before `expires_in`, and shared by concurrent requests through one in-flight fetch,
 * so a cold server under load asks for one token, not one per request. Knows the token endpoint,
 * nothing about GraphQL.
 */
export class TokenSource {
  private current: Token | undefined;
  private pending: Promise<Token | NoToken> | undefined;

  constructor(
    private readonly http: UpstreamClient,
    private readonly policy: CallPolicy,
    private readonly appPath: string,
    private readonly clientId: string,
    private readonly clientSecret: Secret,
    /** Told of each token fetched: for the credential scrubber, the token-refresh metric and log line. */
    private readonly onFetched: (token: string, expiresInSeconds: number) => void,
  ) {}

  /**
   * The cached token while it is fresh. A fetch already under way is shared, with the deadline of
   * the call that started it: every removal gets the same UPSTREAM_DEADLINE_MS from its own start,
   * so that deadline ends no later than a later caller's own.
   */
  async get(scope: CallScope): Promise<Token | NoToken> {
    if (this.current && Date.now() < this.current.expiresAt) return this.current;
    this.pending ??= this.fetchShared(scope);
    return this.pending;
  }

  /** Drops a token Usergrid refused (expired or revoked), unless a newer one already replaced it. */
  invalidate(token: Token): void {
    if (this.current === token) this.current = undefined;
  }

  private async fetchShared(scope: CallScope): Promise<Token | NoToken> {
    try {
      return await this.fetch(scope);
    } finally {
      this.pending = undefined;
    }
  }

  private async fetch(scope: CallScope): Promise<Token | NoToken> {
    const body = JSON.stringify({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.clientSecret.reveal(),
    });
    const request = { method: "POST" as const, path: `${this.appPath}/token`, headers: { "content-type": "application/json", accept: "application/json" }, body };
    const attempt = lastAttempt(await this.policy.run((timeoutMs) => this.http.send(request, timeoutMs), TOKEN_ROUTE, scope));
    if (attempt.kind === "failure" || attempt.response.status !== 200) return new NoToken(attempt);

    const token = jsonObject(attempt.response.body);
    const expiresIn = token?.expires_in;
    if (typeof token?.access_token !== "string" || token.access_token === "" || typeof expiresIn !== "number" || !(expiresIn > 0)) {
      return new NoToken(attempt);
    }
    const lifetimeMs = expiresIn * 1000;
    this.current = { value: token.access_token, expiresAt: Date.now() + lifetimeMs - Math.min(MAX_EARLY_REFRESH_MS, lifetimeMs / 10) };
    this.onFetched(token.access_token, expiresIn);
    return this.current;
  }
}
