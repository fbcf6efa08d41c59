import request from "supertest";
import type { Config, UpstreamConfig } from "../../src/config/config";
import { Secret } from "../../src/config/secret";
import { createLogger } from "../../src/log/logger";
import { blueshiftDemo, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/providers/blueshift/simulator";
import { createProviders, type ResilienceTuning } from "../../src/providers/create-providers";
import type { MembershipProvider } from "../../src/providers/membership-provider";
import { startUsergridSimulator, usergridDemo, type UsergridSimulator, type UsergridSimulatorOptions } from "../../src/providers/usergrid/simulator";
import { buildServer } from "../../src/server";

export const REMOVAL_MUTATION = /* GraphQL */ `
  mutation Remove($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {
    removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {
      __typename
      ... on MembershipRemoval {
        provider
        removedAt
        upstreamRequestId
        group { provider id }
        user { provider id username email }
      }
      ... on MembershipError { code message provider retryable upstreamStatus upstreamRequestId }
      ... on InvalidInputError { field }
      ... on UnsupportedUserRefError { supported }
      ... on GroupNotFoundError { groupId }
      ... on MembershipNotFoundError { groupExists }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamUnavailableError { reason unavailableRetryAfter: retryAfterSeconds }
      ... on OutcomeUnknownError { attempts unknownReason: reason }
    }
  }
`;

export interface Facade {
  url: string;
  blueshift: BlueshiftSimulator;
  usergrid: UsergridSimulator;
  /** Sends the removal mutation and returns the whole HTTP response. */
  remove(provider: string, groupId: string, userRef: Record<string, string>): Promise<request.Response>;
  /** Sends the removal mutation and returns its result object. */
  result(provider: string, groupId: string, userRef: Record<string, string>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface FacadeOptions {
  blueshiftApiKey?: string;
  /** Points Blueshift at another base URL (e.g. a closed port) instead of the simulator. */
  blueshiftBaseUrl?: string;
  upstream?: Partial<UpstreamConfig>;
  tuning?: Partial<ResilienceTuning>;
  usergridSimulator?: UsergridSimulatorOptions;
  usergridClientSecret?: string;
  usergridApp?: string;
  /** "test" unless given; "production" turns introspection and the landing page off by default. */
  nodeEnv?: Config["nodeEnv"];
  /** Overrides the default for nodeEnv, like INTROSPECTION does. */
  introspection?: boolean;
}

export interface SimulatedProviders {
  blueshift: BlueshiftSimulator;
  usergrid: UsergridSimulator;
  providers: MembershipProvider[];
  /** Closes the providers' pools and both simulators. */
  close(): Promise<void>;
}

/** Both simulators and the providers in front of them, as `npm start` wires them without credentials. */
export async function startSimulatedProviders(options: FacadeOptions = {}): Promise<SimulatedProviders> {
  const blueshift = await startBlueshiftSimulator();
  const usergrid = await startUsergridSimulator(options.usergridSimulator);
  const providers = createProviders(
    {
      blueshift: {
        baseUrl: options.blueshiftBaseUrl ?? blueshift.url,
        apiKey: new Secret(options.blueshiftApiKey ?? blueshiftDemo.apiKey),
        region: "us",
        simulated: true,
      },
      usergrid: {
        baseUrl: usergrid.url,
        org: usergridDemo.org,
        app: options.usergridApp ?? usergridDemo.app,
        clientId: usergridDemo.clientId,
        clientSecret: new Secret(options.usergridClientSecret ?? usergridDemo.clientSecret),
        simulated: true,
      },
    },
    { timeoutMs: 500, deadlineMs: 2000, maxAttempts: 3, ...options.upstream },
    // Short waits keep retrying tests quick; the defaults are for real upstreams.
    { backoffBaseMs: 10, backoffCapMs: 50, keepAliveTimeoutMs: 500, ...options.tuning },
  );
  return {
    blueshift,
    usergrid,
    providers,
    close: async () => {
      await Promise.all(providers.map((p) => p.close()));
      await Promise.all([blueshift.close(), usergrid.close()]);
    },
  };
}

/** The real server on 127.0.0.1:0 in front of both simulators, as `npm start` wires them. */
export async function startFacade(options: FacadeOptions = {}): Promise<Facade> {
  const { blueshift, usergrid, providers } = await startSimulatedProviders(options);
  const nodeEnv = options.nodeEnv ?? "test";
  const config = { nodeEnv, introspection: options.introspection ?? nodeEnv !== "production" };
  const server = await buildServer({ config, providers, logger: createLogger("silent") });
  const url = await server.listen(0, "127.0.0.1");
  const remove = (provider: string, groupId: string, userRef: Record<string, string>) =>
    request(url)
      .post("")
      .set("content-type", "application/json")
      .send({ query: REMOVAL_MUTATION, variables: { provider, groupId, userRef } });
  return {
    url,
    blueshift,
    usergrid,
    remove,
    result: async (provider, groupId, userRef) => {
      const response = await remove(provider, groupId, userRef);
      if (response.body.errors) throw new Error(`unexpected top-level errors: ${JSON.stringify(response.body.errors)}`);
      return response.body.data.removeUserFromGroup as Record<string, unknown>;
    },
    close: async () => {
      await server.close();
      await Promise.all([blueshift.close(), usergrid.close()]);
    },
  };
}
