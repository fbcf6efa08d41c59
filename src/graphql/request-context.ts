import type { Provider } from "./provider.enum";
import type { MembershipProvider, ProviderSession } from "../providers/membership-provider";

/** Per GraphQL request: provider sessions are opened lazily, so a request pays only for what it uses. */
export class RequestContext {
  private readonly sessions = new Map<Provider, ProviderSession>();

  constructor(readonly providers: ReadonlyMap<Provider, MembershipProvider>) {}

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
