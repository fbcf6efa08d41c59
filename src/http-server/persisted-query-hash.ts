import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";

/**
 * A request that carries both a document and `extensions.persistedQuery` (automatic persisted
 * queries registering a document) must name the document's own sha256. Apollo Server refuses one
 * that does not with an error that has no code, which it then reports as an INTERNAL_SERVER_ERROR
 * and this server logs as a defect. It is the caller's mistake, so it is refused before Apollo
 * Server sees it, with Apollo Router's code for it. Null when the request is not such a one, or
 * its hash is right.
 */
export function persistedQueryHashMismatch(query: unknown, extensions: unknown): GraphQLError | null {
  if (typeof query !== "string" || !isRecord(extensions)) return null;
  const persisted = extensions.persistedQuery;
  // Any other version Apollo Server refuses itself, with a message that says so.
  if (!isRecord(persisted) || persisted.version !== 1) return null;
  if (persisted.sha256Hash === createHash("sha256").update(query).digest("hex")) return null;
  return new GraphQLError("The persisted query's sha256Hash is not the hash of its query; nothing was run or registered.", {
    extensions: { code: "PERSISTED_QUERY_HASH_MISMATCH", http: { status: 400 } },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
