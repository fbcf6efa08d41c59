import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { IdempotencyRecord } from "./idempotency-store";

/** Every record's name begins with this; on the shared Redis, after REDIS_KEY_PREFIX (redis-idempotency-store.ts). */
export const RECORD_PREFIX = "idempotency:";

/** docs/contract.md §9: 1–255 characters; visible ASCII only, so a key reads the same in every log, header and store. */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's Idempotency-Key: undefined when it has none, "invalid" when it is not 1–255 visible
 * ASCII characters. Node joins a header sent twice with ", ", which the shape refuses, so two keys
 * on one request are refused too.
 */
export function idempotencyKeyOf(req: IncomingMessage): string | "invalid" | undefined {
  const key = req.headers["idempotency-key"];
  if (key === undefined) return undefined;
  return typeof key === "string" && KEY_SHAPE.test(key) ? key : "invalid";
}

/**
 * The record of a key for a caller: keys are scoped per caller (the verified token's `sub`; one
 * shared scope when caller auth is off), and the names are hashes, so neither a caller's subject
 * nor a key (which a client may build from its own data) is written into the store in clear.
 */
export function recordOf(subject: string | null, key: string): IdempotencyRecord {
  return { caller: digestOf([subject]), name: RECORD_PREFIX + digestOf([subject, key]) };
}

/**
 * What tells "the same request again" from "another request under the same key": the body as
 * parsed, in a canonical form (docs/contract.md §9), so that a client's retry matches whatever
 * order its JSON library writes an object's keys in. Every object's keys are sorted, at any depth;
 * arrays keep their order, and strings (the document's text, operationName) are compared as they are.
 */
export function fingerprintOf(body: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(body, sortedKeys) ?? "")
    .digest("base64url");
}

/** JSON.stringify's replacer: an object's own keys, sorted. Object.fromEntries defines each key as data, `__proto__` included. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const fields = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(fields).sort().map((name) => [name, fields[name]]));
}

function digestOf(parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}
