import { randomBytes } from "node:crypto";

export type TokenCheck = "valid" | "expired" | "invalid" | "malformed";

/** Usergrid access tokens are opaque 63-character strings starting `YWMt` (docs/usergrid.md §3). */
const TOKEN_SHAPE = /^YWMt[A-Za-z0-9_-]{59}$/;

/** Issued access tokens with their expiry; a revoked token is simply forgotten, so it reads as unknown. */
export class UsergridTokens {
  private readonly expiries = new Map<string, number>();

  /** A TTL of 0 never expires, like an app's `accesstokenttl` of 0 (docs/usergrid.md §3). */
  issue(ttlSeconds: number): string {
    const token = `YWMt${randomBytes(45).toString("base64url").slice(0, 59)}`;
    this.expiries.set(token, ttlSeconds === 0 ? Number.POSITIVE_INFINITY : Date.now() + ttlSeconds * 1000);
    return token;
  }

  check(token: string): TokenCheck {
    if (!TOKEN_SHAPE.test(token)) return "malformed";
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return "invalid";
    return Date.now() < expiresAt ? "valid" : "expired";
  }

  /** Every issued token reads as expired from now on; tokens issued later are fresh. */
  expireAll(): void {
    for (const token of this.expiries.keys()) this.expiries.set(token, 0);
  }

  revoke(token: string): void {
    this.expiries.delete(token);
  }

  revokeAll(): void {
    this.expiries.clear();
  }
}
