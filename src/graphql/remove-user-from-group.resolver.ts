import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, getMetadataStorage, ID, Info, Mutation, Resolver } from "type-graphql";
import { MAX_GROUP_ID_LENGTH, parseRemovalInput } from "../removal/removal-input";
import { removeMembership } from "../removal/remove-membership";
import { InvalidInputError } from "./errors/invalid-input.error";
import { Provider } from "./provider.enum";
import { RemoveUserFromGroupResult } from "./remove-user-from-group-result.union";
import { RequestContext } from "./request-context";
import { UserRef } from "./user-ref.input";

@Resolver()
export class RemoveUserFromGroupResolver {
  // type-graphql prints arguments in reverse declaration order (docs/contract.md §12), so they are
  // declared last to first for the SDL to read removeUserFromGroup(provider, groupId, userRef).
  @Mutation(() => RemoveUserFromGroupResult, {
    description: "Removes one user from one group on the chosen provider. Provider answers are data, never top-level errors.",
  })
  async removeUserFromGroup(
    @Arg("userRef", () => UserRef) userRef: UserRef,
    @Arg("groupId", () => ID) groupId: string,
    @Arg("provider", () => Provider) provider: Provider,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RemoveUserFromGroupResult> {
    // A repeat with an Idempotency-Key (docs/contract.md §9): an earlier final answer stands, and nothing is sent.
    const place = String(info.path.key);
    const kept = context.ledger?.kept(place);
    if (kept) return kept;

    const input = parseRemovalInput(provider, groupId, userRef);
    if (input instanceof InvalidInputError) {
      const refused = context.ledger?.answered(place, provider, input) ?? input;
      // Capped: a refused groupId may be any length, and it goes to the audit line as given.
      context.recordRemoval({ provider, groupId: groupId.slice(0, MAX_GROUP_ID_LENGTH), user: null, result: refused.constructor.name });
      return refused;
    }
    const removed = await removeMembership(context.session(provider), input.groupId, input.user);
    const result = context.ledger?.answered(place, provider, removed) ?? removed;
    context.recordRemoval({ provider, groupId: input.groupId, user: input.user, result: result.constructor.name });
    return result;
  }
}

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
