import type { MembershipError } from "../graphql/errors/membership-error.interface";
import type { Group } from "../graphql/group.type";
import type { ProviderInfo } from "../graphql/provider-info.type";
import type { Provider } from "../graphql/provider.enum";
import type { User } from "../graphql/user.type";
import type { RemovalHooks } from "./removal-hooks";
import type { BulkLimiter } from "./bulk/bulk-limiter";

/** The one seam between GraphQL and a REST provider: the resolver knows nothing of HTTP. */
export interface MembershipProvider {
  readonly provider: Provider;
  describe(): ProviderInfo;
  /**
   * A view for one GraphQL request. Lookups (email → UUID) are batched and cached inside it and
   * never shared with another caller's request.
   */
  openSession(): ProviderSession;
  /** Admits the bulk removals of every request to this provider; single removals never wait on it. */
  readonly bulk: BulkLimiter;
  close(): Promise<void>;
}

/**
 * A provider's view for one GraphQL request. A removal is its hooks, run by removeMembership
 * (src/removal/remove-membership.ts) and by nothing else: input is already checked for shape, and
 * each hook applies the provider's own rules and talks HTTP. Each provider's Target and Member
 * types stay its own; removeMembership hands each hook back what the one before it returned.
 */
export interface ProviderSession extends RemovalHooks<unknown, unknown> {
  /**
   * Federation entity reads, one answer per id in the same order: the entity, null when the
   * provider definitely has no such entity (a 404), or the error when it could not tell.
   */
  findUsers(ids: readonly string[]): Promise<EntityAnswer<User>[]>;
  findGroups(ids: readonly string[]): Promise<EntityAnswer<Group>[]>;
}

export type EntityAnswer<T> = T | null | MembershipError;
