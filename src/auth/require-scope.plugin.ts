import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../graphql/request-context";
import type { Caller } from "./caller";

/**
 * Every mutation changes memberships, so a mutation operation needs the scope; queries (providers,
 * federation entities) need only the valid token the context already checked. Null when the
 * operation may run.
 */
export function scopeRefusal(operation: OperationDefinitionNode | null | undefined, caller: Caller | null, scope: string): GraphQLError | null {
  if (operation?.operation !== "mutation" || caller?.scopes.includes(scope)) return null;
  return new GraphQLError(`This operation needs the scope "${scope}".`, {
    extensions: {
      code: "FORBIDDEN",
      // RFC 6750 §3.1: insufficient_scope is a 403 that names the scope needed.
      http: { status: 403, headers: new HeaderMap([["www-authenticate", `Bearer error="insufficient_scope", scope="${scope}"`]]) },
    },
  });
}

/**
 * Checked once per operation, after validation and before any resolver runs, so a refused caller
 * causes no upstream call (Apollo documents didResolveOperation for exactly this kind of check).
 */
export function requireScopeForMutations(scope: string): ApolloServerPlugin<RequestContext> {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ operation, contextValue }) {
      const refusal = scopeRefusal(operation, contextValue.caller, scope);
      if (refusal) throw refusal;
    },
  };
  return { requestDidStart: async () => listener };
}
