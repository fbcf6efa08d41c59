import { z } from "zod";
import { ConfigError } from "../../config/config-error";
import { baseUrl, optionalText } from "../../config/environment-fields";
import { Secret } from "../../config/secret";
import { Provider } from "../../graphql/provider.enum";
import { blueshiftDemo, startBlueshiftSimulator, type BlueshiftSimulator, type BlueshiftSimulatorOptions } from "../../simulators/blueshift/simulator";
import type { ProviderDefinition } from "../provider-definition";
import { BlueshiftProvider } from "./provider";

/** Each region is its own instance with its own keys (docs/blueshift.md §12). */
export const BLUESHIFT_REGION_BASE_URLS = {
  us: "https://api.getblueshift.com",
  eu: "https://api.eu.getblueshift.com",
} as const;
export type BlueshiftRegion = keyof typeof BLUESHIFT_REGION_BASE_URLS;

const environment = {
  BLUESHIFT_API_KEY: optionalText,
  BLUESHIFT_REGION: z.enum(["us", "eu"], { error: "must be us or eu" }).default("us"),
  BLUESHIFT_BASE_URL: baseUrl.optional(),
};

export interface BlueshiftSettings {
  apiKey: Secret;
  region: BlueshiftRegion;
  baseUrl: string;
}

export const blueshiftDefinition: ProviderDefinition<typeof environment, BlueshiftSettings, BlueshiftSimulator, BlueshiftSimulatorOptions> = {
  provider: Provider.BLUESHIFT,
  name: "Blueshift",
  environment,
  settingsFrom(e) {
    if (!e.BLUESHIFT_API_KEY) {
      if (e.BLUESHIFT_BASE_URL) {
        throw new ConfigError("BLUESHIFT_BASE_URL: is set but BLUESHIFT_API_KEY is not (without a key the bundled simulator serves)");
      }
      return null;
    }
    return {
      apiKey: new Secret(e.BLUESHIFT_API_KEY),
      region: e.BLUESHIFT_REGION,
      baseUrl: e.BLUESHIFT_BASE_URL ?? BLUESHIFT_REGION_BASE_URLS[e.BLUESHIFT_REGION],
    };
  },
  credentialVariable: "BLUESHIFT_API_KEY",
  requiredVariables: ["BLUESHIFT_API_KEY"],
  baseUrlVariable: "BLUESHIFT_BASE_URL",
  secretFields: ["apiKey"],
  credentials: (settings) => [settings.apiKey],
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
