import { defineConfig } from "@graphql-hive/gateway";
import { FORWARDED_HEADERS, RETURNED_HEADERS } from "./forwarded-headers";

/**
 * Hive Gateway in front of the supergraph:
 *
 *   MEMBERSHIP_SUBGRAPH_URL=http://127.0.0.1:4000/ npm run supergraph -- --output supergraph.graphql
 *   npx hive-gateway supergraph supergraph.graphql -c federation/gateway.config.ts --port 4080
 *
 * Hive Gateway forwards no caller header by default, so without `propagateHeaders` every removal
 * reaches this server without a token and is refused (UNAUTHENTICATED). It sends `x-request-id` on
 * its own (the caller's, or one it makes) and answers with it; forwarding it here too changes nothing.
 *
 * The caller's traceparent is forwarded as is, so this server continues the caller's trace while
 * the gateway does not trace. With the gateway's own OpenTelemetry on (`--opentelemetry`), its
 * plugin writes the gateway's span over the forwarded header, in the same trace.
 */
export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const names = [...FORWARDED_HEADERS.all, ...FORWARDED_HEADERS.traceContext, ...(subgraphName === "membership" ? FORWARDED_HEADERS.membership : [])];
      return Object.fromEntries(names.map((name) => [name, request.headers.get(name)]));
    },
    // A retried removal's answer says it is a replay (Idempotent-Replayed: true); the client sees it.
    fromSubgraphsToClient({ response, subgraphName }) {
      if (subgraphName !== "membership") return undefined;
      return Object.fromEntries(RETURNED_HEADERS.membership.map((name) => [name, response.headers.get(name)]));
    },
  },
});
