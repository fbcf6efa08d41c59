import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { RequestContext } from "../graphql/request-context";
import type { Logger } from "../log/logger";
import type { Metrics } from "./metrics";

/**
 * One info line per GraphQL request, which is also the audit line: who called (the token's `sub`),
 * what operation, each removal with its result __typename, the HTTP status and how long it took.
 * The results metric is counted here too, once per removal.
 */
export function requestLogPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<RequestContext> {
  // One listener for every request: it keeps no per-request state (the context does).
  const listener: GraphQLRequestListener<RequestContext> = {
    async willSendResponse({ contextValue, operationName, response, errors }) {
      const { removals } = contextValue;
      if (removals) for (const removal of removals) metrics.removalResults.inc({ provider: removal.provider, result: removal.result });
      logger.info(
        {
          operation: operationName,
          sub: contextValue.caller?.subject,
          status: response.http.status ?? 200,
          durationMs: Math.round(performance.now() - contextValue.startedAt),
          removals,
          errors: errors?.map((error) => error.extensions.code ?? "INTERNAL_SERVER_ERROR"),
        },
        "graphql request",
      );
    },
  };
  return { requestDidStart: async () => listener };
}
