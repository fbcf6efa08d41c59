import { settingsDefinitionOf as definitionOf, PROVIDER_KEYS, type ProviderConfigs } from "../providers/settings-registry";
import { ConfigError } from "./config-error";

/** What a production start is checked on, beyond each variable's own shape (docs/contract.md §3). */
export interface ProductionSettings {
  providers: ProviderConfigs;
  /** ALLOW_INSECURE=true: the operator accepts plain http to a provider. */
  allowInsecure: boolean;
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
}

/**
 * Settings that are fine on a developer's machine and unsafe in production, each refused there
 * with one line that says why (docs/contract.md §3).
 */
export function refuseUnsafeProductionSettings(settings: ProductionSettings): void {
  refuseCleartextUpstreams(settings.providers, settings.allowInsecure);
  refuseUnboundKeySet(settings);
}

/** A provider's credentials go in every request's headers (or its token request's body). */
function refuseCleartextUpstreams(providers: ProviderConfigs, allowInsecure: boolean): void {
  if (allowInsecure) return;
  for (const key of PROVIDER_KEYS) {
    const config = providers[key];
    if (config.mode === "real" && new URL(config.baseUrl).protocol === "http:") {
      const { name, baseUrlVariable } = definitionOf(key);
      throw new ConfigError(`${baseUrlVariable}: is plain http in production: ${name}'s credentials would cross the network in clear; use https, or set ALLOW_INSECURE=true to accept that`);
    }
  }
}

/**
 * A key set signs tokens for every audience its issuer serves, and may be served for several
 * issuers: only `iss` and `aud` bind a token to this server.
 */
function refuseUnboundKeySet({ jwksUrl, issuer, audience }: Pick<ProductionSettings, "jwksUrl" | "issuer" | "audience">): void {
  if (jwksUrl === undefined) return;
  if (new URL(jwksUrl).protocol !== "https:") {
    throw new ConfigError("AUTH_JWKS_URL: must be https in production (the keys decide who may remove memberships)");
  }
  if (issuer === undefined) {
    throw new ConfigError("AUTH_ISSUER: is required with AUTH_JWKS_URL in production: without it, a token from any issuer that signs with that key set would pass");
  }
  if (audience === undefined) {
    throw new ConfigError("AUTH_AUDIENCE: is required with AUTH_JWKS_URL in production: without it, a token that issuer made for any other audience would pass");
  }
}
