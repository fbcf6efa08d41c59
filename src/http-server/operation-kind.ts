import { getOperationAST, OperationTypeNode, parse, type DocumentNode } from "graphql";
import { MAX_DOCUMENT_TOKENS } from "./document-limits";

/**
 * Whether a POST body may run a mutation, read before either lane runs it: docs/contract.md §9
 * honours an Idempotency-Key on mutations only, so a query sent with one (a caller's `_service`
 * or `__typename`, however many) runs as if it had none, and leaves no record behind.
 *
 * The document is parsed with the lanes' own token cap, after its length was checked. One that
 * does not parse, or whose operation the body does not pick, runs nothing either way (a lane
 * refuses it). A body with no document text (a persisted query sent by its hash) may be a
 * mutation: only Apollo Server looks its document up, so its key is honoured.
 */
export function mayRunMutation(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { query, operationName } = body as Record<string, unknown>;
  if (query === undefined || query === null) return true;
  if (typeof query !== "string") return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_DOCUMENT_TOKENS, noLocation: true });
  } catch {
    return false;
  }
  const operation = getOperationAST(document, typeof operationName === "string" ? operationName : undefined);
  return operation?.operation === OperationTypeNode.MUTATION;
}
