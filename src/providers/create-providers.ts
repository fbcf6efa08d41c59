import type { BlueshiftRegion, UpstreamConfig } from "../config/config";
import type { Secret } from "../config/secret";
import { SingleAttemptPolicy } from "../http/call-policy";
import { UpstreamClient } from "../http/upstream-client";
import { BlueshiftProvider } from "./blueshift/provider";
import type { MembershipProvider } from "./membership-provider";
import { UsergridProvider } from "./usergrid/provider";

/** Where each provider's requests go: the real service, or a bundled simulator. */
export interface ProviderTargets {
  blueshift: { baseUrl: string; apiKey: Secret; region: BlueshiftRegion; simulated: boolean };
  usergrid: { baseUrl: string; org: string; app: string; clientId: string; clientSecret: Secret; simulated: boolean };
}

/** Keep-alive sockets per upstream: enough for a busy server, opened only as load needs them. */
const CONNECTIONS_PER_UPSTREAM = 128;

function endpointOf(target: { baseUrl: string; simulated: boolean }): string {
  return target.simulated ? "SIMULATOR" : new URL(target.baseUrl).host;
}

export function createProviders(targets: ProviderTargets, upstream: UpstreamConfig): MembershipProvider[] {
  const clientFor = (baseUrl: string) =>
    new UpstreamClient(baseUrl, { connections: CONNECTIONS_PER_UPSTREAM, connectTimeoutMs: upstream.timeoutMs });
  const policy = new SingleAttemptPolicy(upstream.timeoutMs);
  const { blueshift, usergrid } = targets;
  return [
    new BlueshiftProvider({
      http: clientFor(blueshift.baseUrl),
      policy,
      apiKey: blueshift.apiKey,
      region: blueshift.region,
      configured: !blueshift.simulated,
      endpoint: endpointOf(blueshift),
    }),
    new UsergridProvider({
      http: clientFor(usergrid.baseUrl),
      policy,
      org: usergrid.org,
      app: usergrid.app,
      clientId: usergrid.clientId,
      clientSecret: usergrid.clientSecret,
      configured: !usergrid.simulated,
      endpoint: endpointOf(usergrid),
    }),
  ];
}
