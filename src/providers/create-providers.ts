import type { BlueshiftRegion, UpstreamConfig } from "../config/config";
import type { Secret } from "../config/secret";
import { Provider } from "../graphql/provider.enum";
import { SingleAttemptPolicy } from "../http/call-policy";
import { UpstreamClient } from "../http/upstream-client";
import { BlueshiftProvider } from "./blueshift/provider";
import type { MembershipProvider } from "./membership-provider";
import { NotYetAvailableProvider } from "./not-yet-available.provider";

/** Where each provider's requests go: the real service, or a bundled simulator. */
export interface ProviderTargets {
  blueshift: { baseUrl: string; apiKey: Secret; region: BlueshiftRegion; simulated: boolean };
}

/** Keep-alive sockets per upstream: enough for a busy server, opened only as load needs them. */
const CONNECTIONS_PER_UPSTREAM = 128;

export function createProviders(targets: ProviderTargets, upstream: UpstreamConfig): MembershipProvider[] {
  const clientFor = (baseUrl: string) =>
    new UpstreamClient(baseUrl, { connections: CONNECTIONS_PER_UPSTREAM, connectTimeoutMs: upstream.timeoutMs });
  const policy = new SingleAttemptPolicy(upstream.timeoutMs);
  const { blueshift } = targets;
  return [
    new BlueshiftProvider({
      http: clientFor(blueshift.baseUrl),
      policy,
      apiKey: blueshift.apiKey,
      region: blueshift.region,
      configured: !blueshift.simulated,
      endpoint: blueshift.simulated ? "SIMULATOR" : new URL(blueshift.baseUrl).host,
    }),
    new NotYetAvailableProvider(Provider.USERGRID),
  ];
}
