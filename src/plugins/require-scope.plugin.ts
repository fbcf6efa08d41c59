import { HeaderMap, type GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { RequestContext } from "../graphql/request-context";
import type { Caller } from "../auth/caller";
import type { ServerPlugin } from "./lane-counterpart";

/**
 * Query fields that reveal what removals did (a bulk-removal job's results): they need the scope
 * that removing needs, so a token that may only read (Query.providers) cannot read them.
 */
const SCOPED_QUERY_FIELDS: ReadonlySet<string> = new Set(["bulkRemoval"]);

/**
 * Every mutation changes memberships, so a mutation operation needs the scope, and so does a query
 * that selects a SCOPED_QUERY_FIELDS field; other queries (providers, federation entities) need
 * only the valid token the context already checked. Null when the operation may run.
 */
export function scopeRefusal(
  document: DocumentNode | undefined,
  operation: OperationDefinitionNode | null | undefined,
  caller: Caller | null,
  scope: string,
): GraphQLError | null {
  if (!operation || caller?.scopes.includes(scope)) return null;
  if (operation.operation !== "mutation" && !(operation.operation === "query" && selectsScopedField(document, operation.selectionSet))) return null;
  return new GraphQLError(`This operation needs the scope "${scope}".`, {
    extensions: {
      code: "FORBIDDEN",
      // RFC 6750 §3.1: insufficient_scope is a 403 that names the scope needed.
      http: { status: 403, headers: new HeaderMap([["www-authenticate", `Bearer error="insufficient_scope", scope="${scope}"`]]) },
    },
  });
}

/**
 * Whether a root selection names a scoped field, through fragments and inline fragments as
 * graphql-js collects root fields. @skip and @include are not read: a scoped field under them
 * still needs the scope, which refuses at most a request that would not have run it.
 */
function selectsScopedField(document: DocumentNode | undefined, selectionSet: SelectionSetNode, visited = new Set<string>()): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return SCOPED_QUERY_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsScopedField(document, selection.selectionSet, visited);
    const name = selection.name.value;
    if (visited.has(name)) return false;
    visited.add(name);
    const fragment = document?.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    // A spread of a fragment the document lacks fails validation; counted as scoped to be safe.
    if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) return true;
    return selectsScopedField(document, fragment.selectionSet, visited);
  });
}

/**
 * Checked once per operation, after validation and before any resolver runs, so a refused caller
 * causes no upstream call (Apollo documents didResolveOperation for exactly this kind of check).
 * The lane makes the same check at the same point, and hands a refused caller to Apollo Server,
 * which answers the refusal.
 */
export function requireScopeForMutations(scope: string): ServerPlugin {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ document, operation, contextValue }) {
      const refusal = scopeRefusal(document, operation, contextValue.caller, scope);
      if (refusal) throw refusal;
    },
  };
  return {
    name: "requireScopeForMutations",
    apollo: { requestDidStart: async () => listener },
    lane: {
      kind: "mirrors",
      why: "a caller without the scope must not run a removal on either lane",
      hooks: {
        didResolveOperation: ({ document, operation, context }) => (scopeRefusal(document, operation, context.caller, scope) ? "decline" : "run"),
      },
    },
  };
}
