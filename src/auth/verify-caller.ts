import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import type { CallerAuthConfig } from "../config/config";
import type { Logger } from "../log/logger";
import { LabelledChildren } from "../telemetry/labelled-children";
import type { Metrics } from "../telemetry/metrics";
import { scopesOf, type Caller } from "./caller";

/**
 * The only algorithms a key set may sign with: asymmetric ones. Pinning them keeps `alg: none`
 * out, and an HMAC token "signed" with a public key (algorithm confusion) along with it.
 */
const JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
/** Seconds of clock skew tolerated on `exp` and `nbf` between the issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Reads and verifies the Authorization header; throws UNAUTHENTICATED (HTTP 401) when it cannot.
 * The request handler calls it once per request, before it reads the body (docs/contract.md §7).
 */
export type CallerVerifier = (authorization: string | undefined) => Promise<Caller>;

/**
 * Built once at start: the key set is fetched lazily, cached and re-fetched by jose when a token
 * names a `kid` it does not know (key rotation), at most once per cooldown. Every verification is
 * counted in caller_verifications_total, by result.
 */
export function createCallerVerifier(config: CallerAuthConfig, logger: Logger, metrics: Pick<Metrics, "callerVerifications">): CallerVerifier {
  const options: JWTVerifyOptions = {
    algorithms: config.keys.kind === "jwks" ? JWKS_ALGORITHMS : ["HS256"],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    // `sub` names the caller in the audit log; a token without `exp` would never stop working.
    requiredClaims: ["sub", "exp"],
    // Unset: not checked (jose skips an undefined expectation).
    issuer: config.issuer,
    audience: config.audience,
  };
  const verify = signatureCheck(config.keys, options);
  const results = new LabelledChildren((result) => metrics.callerVerifications.labels(result));
  const refuse = (reason: string, message: string) => {
    results.get(reason).inc();
    return refusal(logger, reason, message);
  };

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === undefined) throw refuse("missing", "This server needs a bearer token: Authorization: Bearer <JWT>.");
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      const [reason, message] = whyRefused(error);
      if (reason === "keys-unavailable") logger.warn({ err: error }, "the caller's token could not be checked: the key set is unreachable");
      throw refuse(reason, message);
    }
    if (typeof payload.sub !== "string" || payload.sub === "") throw refuse("no-subject", "The token names no subject (sub).");
    results.get("accepted").inc();
    return { subject: payload.sub, scopes: scopesOf(payload) };
  };
}

function signatureCheck(keys: CallerAuthConfig["keys"], options: JWTVerifyOptions): (token: string) => Promise<{ payload: JWTPayload }> {
  if (keys.kind === "jwks") {
    const jwks = createRemoteJWKSet(new URL(keys.url), { cooldownDuration: keys.cooldownMs });
    return (token) => jwtVerify(token, jwks, options);
  }
  const secret = new TextEncoder().encode(keys.secret.reveal());
  return (token) => jwtVerify(token, secret, options);
}

/** RFC 6750 §2.1: `Bearer` (any case), one space or more, the token. */
function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  return match?.[1];
}

/** A short reason for the log and a message for the caller; neither carries the token. */
function whyRefused(error: unknown): [reason: string, message: string] {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return ["expired", "The token has expired."];
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = String((error as { claim?: unknown }).claim);
      return [`claim-${claim}`, `The token's "${claim}" claim is not accepted here.`];
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return ["bad-signature", "The token's signature does not verify."];
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return ["algorithm", "The token's signing algorithm is not accepted."];
    case "ERR_JWKS_NO_MATCHING_KEY":
      return ["unknown-key", "No key of the issuer matches the token."];
    // The key set timed out, answered other than 200 (ERR_JOSE_GENERIC) or is not a key set.
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JOSE_GENERIC":
    case "ERR_JWKS_INVALID":
      return ["keys-unavailable", "The token could not be checked now; try again."];
    default:
      // Other JOSE codes are about the token itself; fetch's own errors (the key set's host down)
      // carry none of them.
      return typeof code === "string" && code.startsWith("ERR_J")
        ? ["malformed", "The token is not a valid signed JWT."]
        : ["keys-unavailable", "The token could not be checked now; try again."];
  }
}

function refusal(logger: Logger, reason: string, message: string): GraphQLError {
  logger.info({ reason }, "caller refused");
  // RFC 6750 §3: a 401 names the scheme, and the error when a token was sent.
  const challenge = reason === "missing" ? "Bearer" : `Bearer error="invalid_token"`;
  return new GraphQLError(message, {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: new HeaderMap([["www-authenticate", challenge]]) } },
  });
}
