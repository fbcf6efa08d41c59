import type { z } from "zod";
import { blueshiftSettings } from "./blueshift/settings";
import type { ProviderConfig, ProviderSettingsDefinition } from "./provider-settings";
import { usergridSettings } from "./usergrid/settings";

/**
 * Every provider's configuration part, by the name its part of the config has (`config.blueshift`),
 * in the order of the banner's lines: what src/config/ reads. registry.ts lists the same providers
 * with everything else their definitions declare.
 */
export const PROVIDER_SETTINGS = {
  blueshift: blueshiftSettings,
  usergrid: usergridSettings,
};

type Declared = typeof PROVIDER_SETTINGS;
export type ProviderKey = keyof Declared;

/** One provider's settings, as its settings.ts declares them. */
export type SettingsOf<K extends ProviderKey> = NonNullable<ReturnType<Declared[K]["settingsFrom"]>>;

/** Each provider's part of the loaded config, under its key. */
export type ProviderConfigs = { [K in ProviderKey]: ProviderConfig<SettingsOf<K>> };

/**
 * The list seen one key at a time: code written for a key K (`settingsDefinitionOf(key)`) gets K's
 * own settings type, so a loop over every provider needs no cast.
 */
type SettingsRegistry = { [K in ProviderKey]: ProviderSettingsDefinition<z.ZodRawShape, SettingsOf<K>> };
const SETTINGS: SettingsRegistry = PROVIDER_SETTINGS;

export function settingsDefinitionOf<K extends ProviderKey>(key: K): SettingsRegistry[K] {
  return SETTINGS[key];
}

/** Every key of the registry, in its order. */
export const PROVIDER_KEYS = Object.keys(PROVIDER_SETTINGS) as ProviderKey[];

/**
 * A record with one value per provider, `make(key)` for each key in the registry's order. Write
 * `make` generic in the key (`<K extends ProviderKey>(key: K) => …SettingsOf<K>…`): TypeScript
 * checks each value against its own provider there, and only that a value is one of the
 * providers' here, since it cannot say "the value for K" of a record being written.
 */
export function mapProviders<T extends { [K in ProviderKey]: unknown }>(make: (key: ProviderKey) => T[ProviderKey]): T {
  return Object.fromEntries(PROVIDER_KEYS.map((key) => [key, make(key)])) as T;
}
