import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { RESTDataSource } from "@apollo/datasource-rest";
import { GraphQLError } from "graphql";
import { serveAsChild, type Listening } from "../yardstick-child";

/**
 * The yardstick issue 8 measures the facade against: the removal mutation as a plain Apollo
 * Server 5 + @apollo/datasource-rest build would write it, on the facade's own SDL. Benchmarked in
 * the same run as the facade, so "clearly better than that" is checked on the machine at hand
 * rather than against figures taken on another. Blueshift by UUID only: the one case the issue
 * gives reference figures for. Not a product: no retries, no deadlines, no outcome mapping beyond
 * 200 and 404, which is what makes it plain.
 */

class BlueshiftApi extends RESTDataSource {
  constructor(baseURL: string, private readonly authorization: string) {
    super();
    this.baseURL = baseURL;
  }

  protected override willSendRequest(_path: string, request: { headers: Record<string, string> }): void {
    request.headers.authorization = this.authorization;
  }

  removeUser(groupId: string, userUuid: string): Promise<{ group_id?: string; user_uuid?: string }> {
    return this.delete(`api/v1/customer_group/${encodeURIComponent(groupId)}/user/${encodeURIComponent(userUuid)}`);
  }
}

interface Context {
  blueshift: BlueshiftApi;
}

interface RemovalArgs {
  provider: string;
  groupId: string;
  userRef: { uuid?: string };
}

const resolvers = {
  Mutation: {
    async removeUserFromGroup(_root: unknown, { groupId, userRef }: RemovalArgs, { blueshift }: Context) {
      try {
        const body = await blueshift.removeUser(groupId, userRef.uuid ?? "");
        return {
          __typename: "MembershipRemoval",
          removedAt: new Date().toISOString(),
          group: { id: body.group_id ?? groupId, provider: "BLUESHIFT" },
          user: { id: body.user_uuid ?? userRef.uuid, provider: "BLUESHIFT" },
        };
      } catch (error) {
        const status = error instanceof GraphQLError ? (error.extensions.response as { status?: number } | undefined)?.status : undefined;
        if (status === 404) return { __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", message: "Not a member.", retryable: false };
        throw error;
      }
    },
  },
  RemoveUserFromGroupResult: { __resolveType: (value: { __typename: string }) => value.__typename },
  MembershipError: { __resolveType: (value: { __typename: string }) => value.__typename },
};

export type ReferenceServer = Listening;

/** `typeDefs`: the facade's SDL, schema/api.graphql. */
export async function startReferenceServer(options: { typeDefs: string; blueshiftBaseUrl: string; blueshiftApiKey: string; port: number }): Promise<ReferenceServer> {
  const server = new ApolloServer<Context>({ typeDefs: options.typeDefs, resolvers });
  const authorization = `Basic ${Buffer.from(`${options.blueshiftApiKey}:`).toString("base64")}`;
  const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: options.port },
    // A data source per request, as Apollo's documentation has it.
    context: async () => ({ blueshift: new BlueshiftApi(options.blueshiftBaseUrl, authorization) }),
  });
  return { url: url.replace(/\/$/, ""), stop: () => server.stop() };
}

if (require.main === module) {
  const typeDefs = readFileSync(process.env.SCHEMA_FILE ?? "", "utf8");
  void serveAsChild((target) => startReferenceServer({ typeDefs, ...target }));
}
