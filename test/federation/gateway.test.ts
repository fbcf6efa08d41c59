import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ApolloGateway, LocalGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Provider } from "../../src/graphql/provider.enum";
import { RequestContext } from "../../src/graphql/request-context";
import { buildFacadeSchema } from "../../src/graphql/schema";
import { SCHEMA_DIRECTORY } from "../../src/graphql/schema-files";
import type { MembershipProvider } from "../../src/providers/membership-provider";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { buildDirectorySchema } from "../support/directory-subgraph";
import { startSimulatedProviders, type SimulatedProviders } from "../support/facade";
import { createLogger } from "../../src/log/logger";

const REMOVE_WITH_NAMES = /* GraphQL */ `
  mutation RemoveWithNames($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {
    removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {
      __typename
      ... on MembershipRemoval {
        group { provider id name }
        user { provider id email displayName }
      }
      ... on MembershipError { code message }
      ... on InvalidInputError { field }
    }
  }
`;

/**
 * The checked-in supergraph (schema/supergraph.graphql) served by @apollo/gateway in process: the
 * membership subgraph gets a RequestContext per operation, as the HTTP server gives it, and the
 * companion directory fills in the fields it contributes.
 */
describe("the supergraph through @apollo/gateway", () => {
  let upstreams: SimulatedProviders;
  let gateway: ApolloServer<RequestContext>;
  let providers: ReadonlyMap<Provider, MembershipProvider>;

  beforeAll(async () => {
    const subgraphs: Record<string, GraphQLSchema> = { membership: (await buildFacadeSchema()).schema, directory: buildDirectorySchema() };
    gateway = new ApolloServer<RequestContext>({
      gateway: new ApolloGateway({
        supergraphSdl: readFileSync(join(SCHEMA_DIRECTORY, "supergraph.graphql"), "utf8"),
        buildService: ({ name }) => {
          const schema = subgraphs[name];
          if (!schema) throw new Error(`the supergraph names an unknown subgraph: ${name}`);
          return new LocalGraphQLDataSource(schema);
        },
      }),
    });
    await gateway.start();
  });
  afterAll(() => gateway.stop());

  beforeEach(async () => {
    upstreams = await startSimulatedProviders();
    providers = new Map(upstreams.providers.map((p) => [p.provider, p]));
  });
  afterEach(() => upstreams.close());

  const remove = async (variables: Record<string, unknown>) => {
    const response = await gateway.executeOperation({ query: REMOVE_WITH_NAMES, variables }, { contextValue: new RequestContext(providers, createLogger("silent")) });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult;
  };

  it.each([
    ["BLUESHIFT", blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid }, "Orion Retail shoppers", "Orion Shopper"],
    ["USERGRID", usergridDemo.groupPath, { username: usergridDemo.username }, "Some Group", "Some User"],
  ])("removes on %s and answers the group's name and the user's display name from the companion", async (provider, groupId, userRef, name, displayName) => {
    const result = await remove({ provider, groupId, userRef });
    expect(result.errors).toBeUndefined();
    expect(result.data?.removeUserFromGroup).toMatchObject({
      __typename: "MembershipRemoval",
      group: { provider, name },
      user: { provider, displayName },
    });
  });

  it("answers null for a name the companion does not know, and still reports the removal", async () => {
    const result = await remove({ provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.secondMemberUuid } });
    expect(result.data?.removeUserFromGroup).toMatchObject({
      __typename: "MembershipRemoval",
      group: { name: "Orion Retail shoppers" },
      user: { id: blueshiftDemo.secondMemberUuid, displayName: null },
    });
  });

  it("passes provider answers through as union members", async () => {
    const result = await remove({ provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { username: "someone" } });
    expect(result.data?.removeUserFromGroup).toMatchObject({ __typename: "UnsupportedUserRefError", code: "UNSUPPORTED_USER_REF" });
  });

  // Composition drops @oneOf (apollographql/federation#3204), so the gateway's API schema accepts a
  // two-key userRef and forwards it; the membership subgraph enforces @oneOf while coercing the
  // variables and refuses it before any resolver runs, which the gateway reports as
  // DOWNSTREAM_SERVICE_ERROR. The resolver's own InvalidInputError is therefore not reached on this
  // path; test/federation/one-of.test.ts covers it directly.
  it("refuses a two-key userRef in the membership subgraph, without calling any provider", async () => {
    const result = await remove({ provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid, email: blueshiftDemo.customerEmail } });
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Exactly one key must be specified for OneOf type "UserRef"'),
        extensions: expect.objectContaining({ code: "DOWNSTREAM_SERVICE_ERROR", serviceName: "membership" }),
      }),
    ]);
    expect(upstreams.blueshift.requests).toHaveLength(0);
  });
});
