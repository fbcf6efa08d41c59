import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { RequestContext } from "../graphql/request-context";

/**
 * Counts each document Apollo Server parses (graphql_documents_parsed_total{lane="apollo"}): one
 * it has validated before comes from its document store unparsed. With the fast lane's count, it
 * shows what documents cost, and that a refused caller's cost none.
 */
export function documentsParsedPlugin(parsed: { inc(): void }): ApolloServerPlugin<RequestContext> {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<RequestContext> = {
    async parsingDidStart() {
      parsed.inc();
    },
  };
  return { requestDidStart: async () => listener };
}
