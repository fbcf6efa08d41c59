import { Provider } from "../../graphql/provider.enum";
import { startUsergridSimulator, usergridDemo, type UsergridSimulator, type UsergridSimulatorOptions } from "../../simulators/usergrid/simulator";
import type { ProviderDefinition } from "../provider-definition";
import { UsergridProvider } from "./provider";
import { usergridSettings, type UsergridSettings } from "./settings";

export const usergridDefinition: ProviderDefinition<typeof usergridSettings.environment, UsergridSettings, UsergridSimulator, UsergridSimulatorOptions> = {
  ...usergridSettings,
  provider: Provider.USERGRID,
  create: (settings, shared) =>
    new UsergridProvider({
      http: shared.http,
      credentials: shared.credentials,
      policy: shared.policy,
      bulk: shared.bulk,
      tokenFetched: (expiresInSeconds) => shared.telemetry.tokenFetched(expiresInSeconds),
      org: settings.org,
      app: settings.app,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      deadlineMs: shared.deadlineMs,
      configured: shared.configured,
      endpoint: shared.endpoint,
    }),
  simulator: {
    start: startUsergridSimulator,
    environment: (url) => ({
      USERGRID_BASE_URL: url,
      USERGRID_ORG: usergridDemo.org,
      USERGRID_APP: usergridDemo.app,
      USERGRID_CLIENT_ID: usergridDemo.clientId,
      USERGRID_CLIENT_SECRET: usergridDemo.clientSecret,
    }),
    example: { groupId: usergridDemo.groupPath, userRef: { username: usergridDemo.username } },
  },
};
