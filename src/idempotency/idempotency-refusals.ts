import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * The refusals of docs/contract.md §9, answered before anything runs, in Apollo Server's error
 * format like every other refusal of this server (graphql-http-handler.ts `refuse`): the HTTP
 * status and a stable top-level code in `extensions`.
 */

export function invalidIdempotencyKey(): GraphQLError {
  return new GraphQLError("Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces), sent once. Nothing was run.", {
    extensions: { code: "INVALID_IDEMPOTENCY_KEY", http: { status: 400 } },
  });
}

/** 422: the request is well-formed, but the key already stands for another one (Stripe's and the IETF httpapi draft's answer). */
export function idempotencyKeyReused(): GraphQLError {
  return new GraphQLError("This Idempotency-Key was sent before with a different request body. Nothing was run; use a new key for a new request.", {
    extensions: { code: "IDEMPOTENCY_KEY_REUSED", http: { status: 422 } },
  });
}

/** 409: the first request is still running; a retry a moment later gets its answer. */
export function idempotencyKeyInUse(): GraphQLError {
  return new GraphQLError("A request with this Idempotency-Key is still running. Nothing was run; retry shortly to get its answer.", {
    extensions: { code: "IDEMPOTENCY_KEY_IN_USE", http: { status: 409, headers: new HeaderMap([["retry-after", "1"]]) } },
  });
}

/**
 * 429: without Redis, this process lets one caller have only so many requests with a key running
 * at once (memory-idempotency-store.ts); past that its next is refused rather than any record
 * evicted. A retry once one of them has answered runs.
 */
export function tooManyIdempotentRequests(): GraphQLError {
  return new GraphQLError("Too many of your requests with an Idempotency-Key are running at once. Nothing was run; retry shortly.", {
    extensions: { code: "TOO_MANY_IDEMPOTENT_REQUESTS", http: { status: 429, headers: new HeaderMap([["retry-after", "1"]]) } },
  });
}

/**
 * 503: the records could not be read (the shared Redis is unreachable), or this process keeps as
 * many as it may (memory-idempotency-store.ts). Running the request anyway
 * would break the promise the key asks for, so nothing runs; the code is the one docs/contract.md
 * gives other passing unavailability, and a retry with the same key is safe.
 */
export function idempotencyStoreUnavailable(): GraphQLError {
  return new GraphQLError("Requests with an Idempotency-Key cannot be served right now: their records cannot be read or kept. Nothing was run; retry with the same key shortly.", {
    extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503, headers: new HeaderMap([["retry-after", "5"]]) } },
  });
}
