import type { Provider } from "./provider.enum";
import type { MembershipProvider, ProviderSession } from "../providers/membership-provider";
import type { Logger } from "../log/logger";
import { EntityLoaders } from "./entity-loaders";

/** Per GraphQL request: provider sessions are opened lazily, so a request pays only for what it uses. */
export class RequestContext {
  private readonly sessions = new Map<Provider, ProviderSession>();
  /** Federation `_entities` reads, batched within this request. */
  readonly entities = new EntityLoaders((provider) => this.session(provider));

  constructor(
    readonly providers: ReadonlyMap<Provider, MembershipProvider>,
    /** The server's logger; what a request logs goes through it, redaction included. */
    readonly logger: Logger,
  ) {}

  session(provider: Provider): ProviderSession {
    let session = this.sessions.get(provider);
    if (!session) {
      const membershipProvider = this.providers.get(provider);
      if (!membershipProvider) throw new Error(`No provider is registered for ${provider}`);
      session = membershipProvider.openSession();
      this.sessions.set(provider, session);
    }
    return session;
  }
}
