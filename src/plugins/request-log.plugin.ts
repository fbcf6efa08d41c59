import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { RequestContext } from "../graphql/request-context";
import type { RequestLog } from "../telemetry/request-log";

/** The audit line (RequestLog) of each request Apollo Server runs. */
export function requestLogPlugin(log: RequestLog): ApolloServerPlugin<RequestContext> {
  // One listener for every request: it keeps no per-request state (the context does).
  const listener: GraphQLRequestListener<RequestContext> = {
    async willSendResponse({ contextValue, operationName, response, errors }) {
      log.record(contextValue, operationName, response.http.status ?? 200, errors);
    },
  };
  return { requestDidStart: async () => listener };
}
