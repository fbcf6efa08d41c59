import type { z } from "zod";
import { blueshiftDefinition } from "./blueshift/definition";
import type { ProviderDefinition } from "./provider-definition";
import { PROVIDER_KEYS, type ProviderKey, type SettingsOf } from "./settings-registry";
import { usergridDefinition } from "./usergrid/definition";

export { mapProviders, PROVIDER_KEYS, type ProviderConfigs, type ProviderKey, type SettingsOf } from "./settings-registry";

/**
 * Every provider the server knows, by the name its part of the config has (`config.blueshift`).
 * A new provider is its folder, its `Provider` enum value and one line here and in
 * settings-registry.ts, in the same order: the order of the banner's lines, and the first
 * simulated provider gives the banner's example.
 */
export const PROVIDERS = {
  blueshift: blueshiftDefinition,
  usergrid: usergridDefinition,
} satisfies Record<ProviderKey, unknown>;

type Definitions = typeof PROVIDERS;

/** One provider's bundled simulator and its options, as its definition declares them. */
export type SimulatorOf<K extends ProviderKey> = Awaited<ReturnType<Definitions[K]["simulator"]["start"]>>;
export type SimulatorOptionsOf<K extends ProviderKey> = NonNullable<Parameters<Definitions[K]["simulator"]["start"]>[0]>;

/**
 * The registry seen one key at a time: code written for a key K (`definitionOf(key)`) gets K's own
 * settings and simulator types, so a loop over every provider needs no cast.
 */
type Registry = { [K in ProviderKey]: ProviderDefinition<z.ZodRawShape, SettingsOf<K>, SimulatorOf<K>, SimulatorOptionsOf<K>> };
const REGISTRY: Registry = PROVIDERS;

export function definitionOf<K extends ProviderKey>(key: K): Registry[K] {
  return REGISTRY[key];
}

/** mapProviders for work that waits (starting a simulator): one provider after the other, in the registry's order. */
export async function mapProvidersInTurn<T extends { [K in ProviderKey]: unknown }>(make: (key: ProviderKey) => Promise<T[ProviderKey]>): Promise<T> {
  const entries: [ProviderKey, T[ProviderKey]][] = [];
  for (const key of PROVIDER_KEYS) entries.push([key, await make(key)]);
  return Object.fromEntries(entries) as T;
}
