import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { getMetadataStorage } from "type-graphql";

/**
 * The GraphQL type of a union or interface value. Resolvers return class instances, and each
 * class carries its GraphQL name; this also survives the hop into buildSubgraphSchema, which does
 * not see type-graphql's instanceof checks.
 */
export function typeByClassName(value: object): string {
  return value.constructor.name;
}

/**
 * Installs typeByClassName as it is wherever it was declared. type-graphql wraps every declared
 * resolveType in an async function, so graphql-js waits on a promise for each union or interface
 * value it completes: four of a removal's thirty promises (v8 promiseHooks), for a function that
 * answers at once.
 */
export function withSynchronousTypeResolution(resolvers: GraphQLResolverMap<unknown>): GraphQLResolverMap<unknown> {
  const { unions, interfaceTypes } = getMetadataStorage();
  const merged: GraphQLResolverMap<unknown> = { ...resolvers };
  for (const { name, resolveType } of [...unions, ...interfaceTypes]) {
    const declared = resolvers[name];
    if (resolveType !== typeByClassName || declared === undefined) continue;
    // The map's field-resolver typing has no room for __resolveType, which @apollo/subgraph reads.
    merged[name] = { ...declared, __resolveType: typeByClassName } as unknown as GraphQLResolverMap<unknown>[string];
  }
  return merged;
}
