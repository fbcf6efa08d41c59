import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, parse } from "graphql";
import { buildSchema, createResolversMap } from "type-graphql";
import { BulkRemovalResolver } from "./bulk-removal.resolver";
import { REFERENCE_RESOLVERS } from "./entity-references";
import { ProvidersResolver } from "./providers.resolver";
import { withRequestCaps } from "./request-caps";
import { RemoveUserFromGroupResolver, withDirectRemoval } from "./remove-user-from-group.resolver";
import { RemoveUsersFromGroupResolver } from "./remove-users-from-group.resolver";
import { sortSdl } from "./sort-sdl";
import { withSynchronousTypeResolution } from "./type-by-class-name";
import { MEMBERSHIP_ERROR_TYPES } from "./errors/membership-error-types";

/**
 * No argument validation (it needs class-validator, which this project does not use): the
 * resolvers check their input themselves and answer InvalidInputError, a union member, where a
 * validation failure would be a top-level error. withDirectRemoval binds removeUserFromGroup
 * directly only while this is off.
 */
const ARGUMENT_VALIDATION = false;

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

// type-graphql prints @oneOf where it is applied but never declares it, and @apollo/subgraph 2.14
// only enforces it once declared (docs/contract.md §12).
const ONE_OF_DECLARATION = "directive @oneOf on INPUT_OBJECT";

export interface FacadeSchema {
  /** The executable Federation 2 subgraph schema that the server serves. */
  schema: GraphQLSchema;
  /** The subgraph SDL with applied directives, sorted: what schema/subgraph.graphql holds. */
  sdl: string;
}

/** type-graphql → SDL with directives → buildSubgraphSchema, the bridge of type-graphql's federation-2 example. */
export async function buildFacadeSchema(): Promise<FacadeSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: [RemoveUserFromGroupResolver, RemoveUsersFromGroupResolver, BulkRemovalResolver, ProvidersResolver],
    // Error types are reachable only through the union, so they are listed here for the interface.
    orphanedTypes: [...MEMBERSHIP_ERROR_TYPES],
    // The federation directives are declared by buildSubgraphSchema, not by this intermediate schema.
    skipCheck: true,
    validate: ARGUMENT_VALIDATION,
  });
  const sdl = sortSdl([FEDERATION_LINK, ONE_OF_DECLARATION, printSchemaWithDirectives(typeGraphqlSchema)].join("\n\n"));
  // type-graphql's ResolversMap and @apollo/subgraph's GraphQLResolverMap describe the same runtime
  // shape with differently written index signatures.
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  const schema = withRequestCaps(
    buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: withReferenceResolvers(withSynchronousTypeResolution(withDirectRemoval(resolvers, { argumentValidation: ARGUMENT_VALIDATION }))) }]),
  );
  return { schema, sdl };
}

/**
 * Adds each entity's `__resolveReference` next to the field resolvers type-graphql generated.
 * @apollo/subgraph reads it from the resolver map and calls it as (reference, context), which the
 * map's field-resolver typing cannot express, hence the cast.
 */
function withReferenceResolvers(resolvers: GraphQLResolverMap<unknown>): GraphQLResolverMap<unknown> {
  const merged: GraphQLResolverMap<unknown> = { ...resolvers };
  for (const [typeName, reference] of Object.entries(REFERENCE_RESOLVERS)) {
    merged[typeName] = { ...resolvers[typeName], ...reference } as GraphQLResolverMap<unknown>[string];
  }
  return merged;
}
