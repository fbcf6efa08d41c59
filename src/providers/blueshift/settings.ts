import { z } from "zod";
import { ConfigError } from "../../config/config-error";
import { baseUrl, optionalText } from "../../config/environment-fields";
import { Secret } from "../../config/secret";
import type { ProviderSettingsDefinition } from "../provider-settings";

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

export const blueshiftSettings: ProviderSettingsDefinition<typeof environment, BlueshiftSettings> = {
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
};
