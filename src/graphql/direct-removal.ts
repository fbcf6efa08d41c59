import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import type { GraphQLFieldResolver } from "graphql";
import { getMetadataStorage } from "type-graphql";
import type { Provider } from "./provider.enum";
import { RemoveUserFromGroupResolver } from "./remove-user-from-group.resolver";
import type { RequestContext } from "./request-context";
import type { UserRef } from "./user-ref.input";

/** Mutation.removeUserFromGroup's arguments, as graphql-js has coerced them. */
interface RemovalArgs {
  provider: Provider;
  groupId: string;
  userRef: UserRef;
}

type RemovalResolver = GraphQLFieldResolver<unknown, RequestContext, RemovalArgs>;

/**
 * Mutation.removeUserFromGroup, the field every removal resolves, bound straight to its method
 * rather than through type-graphql's per-call pipeline: the resolver instance looked up, the
 * middleware chain entered, each argument converted to a class instance and validated, the
 * parameters gathered with Promise.all. For this method none of that does anything (no
 * middleware, no role, no argument validation: the method checks its input itself and answers
 * InvalidInputError), yet the pipeline was more than 5 % of a removal's CPU in the benchmark
 * (README, Benchmark), the bar for keeping speed work. It is bound only while that stays true:
 * with argument validation on, or a middleware or a role on the method, type-graphql's own
 * resolver is kept.
 */
export function withDirectRemoval(resolvers: GraphQLResolverMap<unknown>, options: { argumentValidation: boolean }): GraphQLResolverMap<unknown> {
  if (options.argumentValidation) return resolvers;
  const metadata = getMetadataStorage().mutations.find((m) => m.target === RemoveUserFromGroupResolver && m.methodName === "removeUserFromGroup");
  if (!metadata || (metadata.middlewares?.length ?? 0) > 0 || (metadata.roles?.length ?? 0) > 0) return resolvers;
  const resolver = new RemoveUserFromGroupResolver();
  const removeUserFromGroup: RemovalResolver = (_root, { provider, groupId, userRef }, context, info) => resolver.removeUserFromGroup(userRef, groupId, provider, context, info);
  // The map's field-resolver typing knows nothing of this field's arguments and context.
  return { ...resolvers, Mutation: { ...resolvers.Mutation, removeUserFromGroup } as GraphQLResolverMap<unknown>[string] };
}
