import type { GraphQLRequestListener } from "@apollo/server";
import type { RequestContext } from "../graphql/request-context";
import type { RequestLog } from "./request-log";
import type { ServerPlugin } from "./lane-counterpart";

/** The audit line (RequestLog) of each GraphQL request, whichever lane answers it. */
export function requestLogPlugin(log: RequestLog): ServerPlugin {
  // One listener for every request: it keeps no per-request state (the context does).
  const listener: GraphQLRequestListener<RequestContext> = {
    async willSendResponse({ contextValue, operationName, response, errors }) {
      log.record(contextValue, operationName, response.http.status ?? 200, errors);
    },
  };
  return {
    name: "requestLogPlugin",
    apollo: { requestDidStart: async () => listener },
    lane: {
      kind: "mirrors",
      why: "every request writes its audit line and counts its removals",
      hooks: { willSendResponse: ({ context, operationName, status, errors }) => log.record(context, operationName, status, errors) },
    },
  };
}
