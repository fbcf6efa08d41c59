import { MEMBERSHIP_ERROR_TYPES } from "../graphql/errors/membership-error-types";
import { Group } from "../graphql/group.type";
import { MembershipRemoval } from "../graphql/membership-removal.type";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import { User } from "../graphql/user.type";

/**
 * A removal's answer kept as text, where it outlives the request that got it (a bulk-removal job's
 * answers in Redis, the removals an Idempotency-Key's ledger keeps), and read back as the very
 * class the single removal returns: GraphQL picks a union member by the value's class name
 * (typeByClassName), so a plain object read from JSON would not resolve.
 *
 * The text is `{"type": <class name>, "fields": {...}}`; a MembershipRemoval's removedAt is an ISO
 * string and its group and user are plain field sets. Errors hold only JSON values.
 */
const ERROR_CLASSES: ReadonlyMap<string, abstract new (...args: never[]) => object> = new Map(
  MEMBERSHIP_ERROR_TYPES.map((cls) => [cls.name, cls]),
);

interface Encoded {
  type: string;
  fields: Record<string, unknown>;
}

export function encodeResult(result: RemoveUserFromGroupResult): string {
  const encoded: Encoded = { type: result.constructor.name, fields: { ...result } };
  if (result instanceof MembershipRemoval) {
    encoded.fields = { ...result, group: { ...result.group }, user: { ...result.user }, removedAt: result.removedAt.toISOString() };
  } else if (!ERROR_CLASSES.has(encoded.type)) {
    throw new Error(`Cannot store a bulk-removal answer of type ${encoded.type}: it is not a member of RemoveUserFromGroupResult.`);
  }
  return JSON.stringify(encoded);
}

export function decodeResult(text: string): RemoveUserFromGroupResult {
  const parsed: unknown = JSON.parse(text);
  if (!isEncoded(parsed)) throw new Error("A stored bulk-removal answer is not {type, fields}.");
  const { type, fields } = parsed;
  if (type === MembershipRemoval.name) {
    const removedAt = new Date(String(fields.removedAt));
    if (Number.isNaN(removedAt.getTime())) throw new Error("A stored MembershipRemoval has no valid removedAt.");
    return instanceOf(MembershipRemoval, {
      ...fields,
      group: instanceOf(Group, asRecord(fields.group, "group")),
      user: instanceOf(User, asRecord(fields.user, "user")),
      removedAt,
    }) as MembershipRemoval;
  }
  const cls = ERROR_CLASSES.get(type);
  if (!cls) throw new Error(`A stored bulk-removal answer has an unknown type: ${type.slice(0, 100)}.`);
  // Built without the constructor: the stored fields already hold what it derived (code, retryable).
  return instanceOf(cls, fields) as RemoveUserFromGroupResult;
}

function instanceOf(cls: abstract new (...args: never[]) => object, fields: Record<string, unknown>): object {
  return Object.assign(Object.create(cls.prototype) as object, fields);
}

function isEncoded(value: unknown): value is Encoded {
  if (typeof value !== "object" || value === null) return false;
  const { type, fields } = value as Record<string, unknown>;
  return typeof type === "string" && typeof fields === "object" && fields !== null && !Array.isArray(fields);
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) throw new Error(`A stored MembershipRemoval has no ${name}.`);
  return value as Record<string, unknown>;
}
