import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse, type GraphQLSchema } from "graphql";
import { readDirectorySdl } from "../../src/graphql/schema-files";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";

interface EntityKey {
  provider: string;
  id: string;
}

const keyOf = ({ provider, id }: EntityKey) => `${provider}:${id}`;

/** What the companion knows: display names by provider and id, for the demo data. */
const DIRECTORY = {
  groupNames: new Map([
    [keyOf({ provider: "BLUESHIFT", id: blueshiftDemo.groupId }), "Orion Retail shoppers"],
    [keyOf({ provider: "USERGRID", id: usergridDemo.groupUuid }), "Some Group"],
  ]),
  userDisplayNames: new Map([
    [keyOf({ provider: "BLUESHIFT", id: blueshiftDemo.customerUuid }), "Orion Shopper"],
    [keyOf({ provider: "USERGRID", id: usergridDemo.userUuid }), "Some User"],
  ]),
};

/**
 * The tests' companion subgraph (schema/directory.graphql): it contributes Group.name and
 * User.displayName to the membership subgraph's entities, as another team's subgraph would.
 */
export function buildDirectorySchema(): GraphQLSchema {
  return buildSubgraphSchema([
    {
      typeDefs: parse(readDirectorySdl()),
      resolvers: {
        Group: { __resolveReference: (key: EntityKey) => ({ ...key, name: DIRECTORY.groupNames.get(keyOf(key)) ?? null }) },
        User: { __resolveReference: (key: EntityKey) => ({ ...key, displayName: DIRECTORY.userDisplayNames.get(keyOf(key)) ?? null }) },
      },
    },
  ]);
}

/** The companion served over HTTP on 127.0.0.1, for a gateway running as its own process. */
export async function startDirectorySubgraph(): Promise<{ url: string; close(): Promise<void> }> {
  // No inline traces: they are for Apollo's usage reporting, which nothing here reads.
  const server = new ApolloServer({ schema: buildDirectorySchema(), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, close: () => server.stop() };
}
