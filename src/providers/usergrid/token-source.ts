import type { Secret } from "../../config/secret";
import { ProviderAuthError } from "../../graphql/errors/provider-auth.error";
import { UpstreamError } from "../../graphql/errors/upstream.error";
import { MembershipError } from "../../graphql/errors/membership-error.interface";
import { lastAttempt, type CallPolicy, type CallScope } from "../../http/call-policy";
import { jsonObject } from "../../http/response-body";
import type { UpstreamClient } from "../../http/upstream-client";
import { definiteError, said, upstreamFields, type ProviderVoice } from "../../removal/upstream-errors";

export interface Token {
  value: string;
  expiresAt: number;
}

const TOKEN_ROUTE = "POST /{org}/{app}/token";

/** Refresh this long before Usergrid's expiry, so a token never expires in flight. */
const MAX_EARLY_REFRESH_MS = 60_000;

/**
 * The application's OAuth2 client_credentials token (docs/usergrid.md §3): fetched once, cached until
 * shortly before `expires_in`, and shared by concurrent requests through one in-flight fetch,
 * so a cold server under load asks for one token, not one per request.
 */
export class TokenSource {
  private current: Token | undefined;
  private pending: Promise<Token | MembershipError> | undefined;

  constructor(
    private readonly http: UpstreamClient,
    private readonly policy: CallPolicy,
    private readonly voice: ProviderVoice,
    private readonly appPath: string,
    private readonly clientId: string,
    private readonly clientSecret: Secret,
    /** Told of each token fetched: for the credential scrubber, the token-refresh metric and log line. */
    private readonly onFetched: (token: string, expiresInSeconds: number) => void,
  ) {}

  /** The cached token while it is fresh; undefined when get() would have to fetch one. */
  cached(): Token | undefined {
    return this.current && Date.now() < this.current.expiresAt ? this.current : undefined;
  }

  /**
   * A fetch already under way is shared, with the deadline of the call that started it: every
   * removal gets the same UPSTREAM_DEADLINE_MS from its own start, so that deadline ends no later
   * than a later caller's own.
   */
  get(scope: CallScope): Promise<Token | MembershipError> {
    const cached = this.cached();
    if (cached) return Promise.resolve(cached);
    this.pending ??= this.fetch(scope).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops a token Usergrid refused (expired or revoked), unless a newer one already replaced it. */
  invalidate(token: Token): void {
    if (this.current === token) this.current = undefined;
  }

  private async fetch(scope: CallScope): Promise<Token | MembershipError> {
    const body = JSON.stringify({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.clientSecret.reveal(),
    });
    const attempt = lastAttempt(
      await this.policy.run(
        (timeoutMs) => this.http.send({ method: "POST", path: `${this.appPath}/token`, headers: { "content-type": "application/json", accept: "application/json" }, body }, timeoutMs),
        TOKEN_ROUTE,
        scope,
      ),
    );
    if (attempt.kind === "response" && (attempt.response.status === 400 || attempt.response.status === 401)) {
      return new ProviderAuthError({
        ...upstreamFields(this.voice, attempt.response),
        message: `${said(this.voice, attempt.response)}. ${this.voice.authHint}`,
      });
    }
    if (attempt.kind === "failure" || attempt.response.status !== 200) return definiteError(this.voice, attempt);

    const token = jsonObject(attempt.response.body);
    const expiresIn = token?.expires_in;
    if (typeof token?.access_token !== "string" || token.access_token === "" || typeof expiresIn !== "number" || !(expiresIn > 0)) {
      return new UpstreamError({ ...upstreamFields(this.voice, attempt.response), message: "Usergrid's token endpoint answered 200 without a usable access_token and expires_in." });
    }
    const lifetimeMs = expiresIn * 1000;
    this.current = { value: token.access_token, expiresAt: Date.now() + lifetimeMs - Math.min(MAX_EARLY_REFRESH_MS, lifetimeMs / 10) };
    this.onFetched(token.access_token, expiresIn);
    return this.current;
  }
}

export function isTokenError(value: Token | MembershipError): value is MembershipError {
  return value instanceof MembershipError;
}
