import type { z } from "zod";
import { blueshiftDefinition } from "./blueshift/definition";
import type { ProviderConfig, ProviderDefinition } from "./provider-definition";
import { usergridDefinition } from "./usergrid/definition";

/**
 * Every provider the server knows, by the name its part of the config has (`config.blueshift`).
 * A new provider is its folder, its `Provider` enum value and one line here; the order is the
 * order of the banner's lines, and the first simulated provider gives the banner's example.
 */
export const PROVIDERS = {
  blueshift: blueshiftDefinition,
  usergrid: usergridDefinition,
};

type Definitions = typeof PROVIDERS;
export type ProviderKey = keyof Definitions;

/** One provider's settings, bundled simulator and its options, as its definition declares them. */
export type SettingsOf<K extends ProviderKey> = NonNullable<ReturnType<Definitions[K]["settingsFrom"]>>;
export type SimulatorOf<K extends ProviderKey> = Awaited<ReturnType<Definitions[K]["simulator"]["start"]>>;
export type SimulatorOptionsOf<K extends ProviderKey> = NonNullable<Parameters<Definitions[K]["simulator"]["start"]>[0]>;

/** Each provider's part of the loaded config, under its key. */
export type ProviderConfigs = { [K in ProviderKey]: ProviderConfig<SettingsOf<K>> };

/**
 * The registry seen one key at a time: code written for a key K (`definitionOf(key)`) gets K's own
 * settings and simulator types, so a loop over every provider needs no cast.
 */
type Registry = { [K in ProviderKey]: ProviderDefinition<z.ZodRawShape, SettingsOf<K>, SimulatorOf<K>, SimulatorOptionsOf<K>> };
const REGISTRY: Registry = PROVIDERS;

export function definitionOf<K extends ProviderKey>(key: K): Registry[K] {
  return REGISTRY[key];
}

/** Every key of the registry, in its order. */
export const PROVIDER_KEYS = Object.keys(PROVIDERS) as ProviderKey[];

/**
 * A record with one value per provider, `make(key)` for each key in the registry's order. Write
 * `make` generic in the key (`<K extends ProviderKey>(key: K) => …SettingsOf<K>…`): TypeScript
 * checks each value against its own provider there, and only that a value is one of the
 * providers' here, since it cannot say "the value for K" of a record being written.
 */
export function mapProviders<T extends { [K in ProviderKey]: unknown }>(make: (key: ProviderKey) => T[ProviderKey]): T {
  return Object.fromEntries(PROVIDER_KEYS.map((key) => [key, make(key)])) as T;
}

/** mapProviders for work that waits (starting a simulator): one provider after the other, in the registry's order. */
export async function mapProvidersInTurn<T extends { [K in ProviderKey]: unknown }>(make: (key: ProviderKey) => Promise<T[ProviderKey]>): Promise<T> {
  const entries: [ProviderKey, T[ProviderKey]][] = [];
  for (const key of PROVIDER_KEYS) entries.push([key, await make(key)]);
  return Object.fromEntries(entries) as T;
}
