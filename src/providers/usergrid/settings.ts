import { ConfigError } from "../../config/config-error";
import { baseUrl, optionalText } from "../../config/environment-fields";
import { Secret } from "../../config/secret";
import type { ProviderSettingsDefinition } from "../provider-settings";

const environment = {
  USERGRID_BASE_URL: baseUrl.optional(),
  USERGRID_ORG: optionalText,
  USERGRID_APP: optionalText,
  USERGRID_CLIENT_ID: optionalText,
  USERGRID_CLIENT_SECRET: optionalText,
};

const VARIABLES = ["USERGRID_BASE_URL", "USERGRID_ORG", "USERGRID_APP", "USERGRID_CLIENT_ID", "USERGRID_CLIENT_SECRET"] as const;

export interface UsergridSettings {
  baseUrl: string;
  org: string;
  app: string;
  clientId: string;
  clientSecret: Secret;
}

export const usergridSettings: ProviderSettingsDefinition<typeof environment, UsergridSettings> = {
  name: "Usergrid",
  environment,
  settingsFrom(e) {
    const missing = VARIABLES.filter((name) => !e[name]);
    if (missing.length === VARIABLES.length) return null;
    if (missing.length > 0) {
      throw new ConfigError(`${missing[0]}: is required once any USERGRID_* variable is set (a real Usergrid needs all five)`);
    }
    return {
      baseUrl: e.USERGRID_BASE_URL as string,
      org: e.USERGRID_ORG as string,
      app: e.USERGRID_APP as string,
      clientId: e.USERGRID_CLIENT_ID as string,
      clientSecret: new Secret(e.USERGRID_CLIENT_SECRET as string),
    };
  },
  credentialVariable: "USERGRID_CLIENT_SECRET",
  requiredVariables: VARIABLES,
  baseUrlVariable: "USERGRID_BASE_URL",
  secretFields: ["clientSecret"],
  // Usergrid also takes the pair as a Basic client credential, `id:secret` (docs/usergrid.md §2), so an echo may carry that form.
  credentials: (settings) => [settings.clientSecret, `${settings.clientId}:${settings.clientSecret.reveal()}`],
};
