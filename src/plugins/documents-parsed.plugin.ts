import type { GraphQLRequestListener } from "@apollo/server";
import type { Counter } from "prom-client";
import type { RequestContext } from "../graphql/request-context";
import type { ServerPlugin } from "./lane-counterpart";

/**
 * Counts each document parsed (graphql_documents_parsed_total, by lane): a document validated
 * before comes from Apollo Server's document store, or the lane's PreparedDocuments, unparsed. It
 * shows what documents cost, and that a refused caller's cost none.
 */
export function documentsParsedPlugin(parsed: Counter<"lane">): ServerPlugin {
  const apolloParsed = parsed.labels("apollo");
  const laneParsed = parsed.labels("fast");
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<RequestContext> = {
    async parsingDidStart() {
      apolloParsed.inc();
    },
  };
  return {
    name: "documentsParsedPlugin",
    apollo: { requestDidStart: async () => listener },
    lane: { kind: "mirrors", why: "the lane parses documents too, and counts them under its own label", hooks: { parsingDidStart: () => laneParsed.inc() } },
  };
}
