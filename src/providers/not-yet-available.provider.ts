import { UpstreamError } from "../graphql/errors/upstream.error";
import { ProviderInfo } from "../graphql/provider-info.type";
import type { Provider } from "../graphql/provider.enum";
import type { MembershipProvider, ProviderSession } from "./membership-provider";

/** A provider this build does not carry yet: every call answers a typed UpstreamError saying so. */
export class NotYetAvailableProvider implements MembershipProvider {
  constructor(readonly provider: Provider) {}

  describe(): ProviderInfo {
    return new ProviderInfo({ provider: this.provider, configured: false, endpoint: "UNAVAILABLE", supportedUserRefs: [] });
  }

  openSession(): ProviderSession {
    return {
      removeUser: async () =>
        new UpstreamError({ provider: this.provider, message: `${this.provider} is not available in this version of the server yet.` }),
    };
  }

  async close(): Promise<void> {}
}
