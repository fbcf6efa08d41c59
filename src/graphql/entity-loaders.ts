import DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import type { EntityAnswer, ProviderSession } from "../providers/membership-provider";
import { MembershipError } from "./errors/membership-error.interface";
import type { Group } from "./group.type";
import type { Provider } from "./provider.enum";
import type { User } from "./user.type";

type Loader<T> = DataLoader<string, T | null>;
type Find<T> = (ids: readonly string[]) => Promise<EntityAnswer<T>[]>;

/**
 * The entity reads of one GraphQL request: one DataLoader per provider and entity type, so the
 * representations of one `_entities` call reach each provider as one batch, answers come back in
 * the order asked, and a key repeated within the request is read once. Never shared across
 * requests, so one caller's reads are never served to another.
 */
export class EntityLoaders {
  private readonly users = new Map<Provider, Loader<User>>();
  private readonly groups = new Map<Provider, Loader<Group>>();

  constructor(private readonly session: (provider: Provider) => ProviderSession) {}

  user(provider: Provider, id: string): Promise<User | null> {
    return loaderFor(this.users, provider, (ids) => this.session(provider).findUsers(ids)).load(id);
  }

  group(provider: Provider, id: string): Promise<Group | null> {
    return loaderFor(this.groups, provider, (ids) => this.session(provider).findGroups(ids)).load(id);
  }
}

function loaderFor<T>(loaders: Map<Provider, Loader<T>>, provider: Provider, find: Find<T>): Loader<T> {
  let loader = loaders.get(provider);
  if (!loader) {
    loader = new DataLoader<string, T | null>(async (ids) =>
      (await find(ids)).map((answer) => (answer instanceof MembershipError ? referenceError(answer) : answer)),
    );
    loaders.set(provider, loader);
  }
  return loader;
}

/**
 * A provider that could not answer is not "no such entity": null would tell the gateway the entity
 * is gone, so the reference fails instead, with the provider's error code and retryability.
 */
function referenceError(error: MembershipError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      provider: error.provider,
      retryable: error.retryable,
      upstreamStatus: error.upstreamStatus,
      upstreamRequestId: error.upstreamRequestId,
    },
  });
}
