import { Provider } from "../../graphql/provider.enum";
import { blueshiftDemo, startBlueshiftSimulator, type BlueshiftSimulator, type BlueshiftSimulatorOptions } from "../../simulators/blueshift/simulator";
import type { ProviderDefinition } from "../provider-definition";
import { BlueshiftProvider } from "./provider";
import { blueshiftSettings, type BlueshiftSettings } from "./settings";

export const blueshiftDefinition: ProviderDefinition<typeof blueshiftSettings.environment, BlueshiftSettings, BlueshiftSimulator, BlueshiftSimulatorOptions> = {
  ...blueshiftSettings,
  provider: Provider.BLUESHIFT,
  create: (settings, shared) =>
    new BlueshiftProvider({
      http: shared.http,
      credentials: shared.credentials,
      policy: shared.policy,
      bulk: shared.bulk,
      apiKey: settings.apiKey,
      deadlineMs: shared.deadlineMs,
      region: settings.region,
      configured: shared.configured,
      endpoint: shared.endpoint,
    }),
  simulator: {
    start: startBlueshiftSimulator,
    environment: (url) => ({ BLUESHIFT_API_KEY: blueshiftDemo.apiKey, BLUESHIFT_BASE_URL: url }),
    example: { groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } },
  },
};
