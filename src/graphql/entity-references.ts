import type { Group } from "./group.type";
import { Provider } from "./provider.enum";
import type { RequestContext } from "./request-context";
import type { User } from "./user.type";

/** What @apollo/subgraph calls for each representation `_entities` receives for the type. */
type ReferenceResolver<T> = (reference: unknown, context: RequestContext) => Promise<T | null> | null;

interface EntityKey {
  provider: Provider;
  id: string;
}

const PROVIDERS: ReadonlySet<string> = new Set(Object.values(Provider));

/**
 * Representations arrive as `_Any`, unchecked by GraphQL: a key that is not a known provider and a
 * string id names no entity of this subgraph.
 */
function keyOf(reference: unknown): EntityKey | null {
  if (typeof reference !== "object" || reference === null) return null;
  const { provider, id } = reference as Record<string, unknown>;
  if (typeof provider !== "string" || !PROVIDERS.has(provider) || typeof id !== "string") return null;
  return { provider: provider as Provider, id };
}

const resolveGroup: ReferenceResolver<Group> = (reference, context) => {
  const key = keyOf(reference);
  return key && context.entities.group(key.provider, key.id);
};

const resolveUser: ReferenceResolver<User> = (reference, context) => {
  const key = keyOf(reference);
  return key && context.entities.user(key.provider, key.id);
};

/**
 * The entities' `__resolveReference`, keyed by `provider id`. type-graphql has no decorator for
 * it, so these are merged into its resolver map before buildSubgraphSchema (docs/contract.md §12).
 */
export const REFERENCE_RESOLVERS = {
  Group: { __resolveReference: resolveGroup },
  User: { __resolveReference: resolveUser },
} as const;
