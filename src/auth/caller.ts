import type { JWTPayload } from "jose";

/** Who is calling this server, as a verified bearer token says. */
export interface Caller {
  /** The token's `sub`: logged with each removal, for audit. */
  readonly subject: string;
  readonly scopes: readonly string[];
}

/**
 * Scopes as docs/contract.md §1 reads them: `scope` is a space-separated string (RFC 8693 §4.2); `scp` is
 * an array (Okta) or, from some issuers (Entra ID), a space-separated string too.
 */
export function scopesOf(payload: JWTPayload): readonly string[] {
  const scopes: string[] = [];
  for (const claim of [payload.scope, payload.scp]) {
    if (typeof claim === "string") scopes.push(...claim.split(" ").filter((s) => s !== ""));
    else if (Array.isArray(claim)) scopes.push(...claim.filter((s): s is string => typeof s === "string"));
  }
  return scopes;
}
