import { SignJWT, type JWTPayload } from "jose";
import type { CallerAuthConfig } from "../../src/config/config";
import { Secret } from "../../src/config/secret";

export const ISSUER = "https://issuer.test/";
export const AUDIENCE = "membership-facade";
export const CALLER_SECRET = "a-caller-auth-secret-for-tests-0123456789";

/** As AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE set it, with the default scope. */
export const SECRET_AUTH: CallerAuthConfig = {
  keys: { kind: "secret", secret: new Secret(CALLER_SECRET) },
  issuer: ISSUER,
  audience: AUDIENCE,
  requiredScope: "memberships:write",
};

/** A token as the issuer would sign it: an hour left, for subject "ops-alice", with the scope, unless overridden. */
export function callerToken(claims: JWTPayload = {}, secret = CALLER_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: "ops-alice", iat: now, exp: now + 3600, scope: "openid memberships:write", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(secret));
}

/** An unsecured JWT (`alg: none`, RFC 7519 §6): claims anyone can write, with no signature. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}
