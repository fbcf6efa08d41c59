import type { z } from "zod";
import type { Secret } from "../config/secret";

/** What every provider's settings carry: where its requests go. */
export interface ProviderSettings {
  baseUrl: string;
}

/** A provider's part of the loaded config: its bundled simulator, or the real service and its settings. */
export type ProviderConfig<Settings extends ProviderSettings> = { mode: "simulator" } | ({ mode: "real" } & Settings);

/**
 * What the configuration knows of one provider, declared in its folder
 * (`src/providers/<p>/settings.ts`) and listed once in `settings-registry.ts`: its variables, the
 * settings they make and which of those are secret. These files import nothing above src/config/,
 * so the configuration reads them without loading the provider itself (docs/layout.md).
 */
export interface ProviderSettingsDefinition<Environment extends z.ZodRawShape, Settings extends ProviderSettings> {
  /** As people write it, for titles and messages. */
  readonly name: string;
  /** Its variables, checked with the rest of the environment at start, in one pass (docs/contract.md §3). */
  readonly environment: Environment;
  /**
   * Its settings from its checked variables; null when none of its credentials is set, and the
   * bundled simulator serves. Throws ConfigError when the variables are only partly set.
   */
  settingsFrom(env: z.infer<z.ZodObject<Environment>>): Settings | null;
  /** The variable named when caller auth is required because this provider is real (docs/contract.md §3). */
  readonly credentialVariable: string;
  /**
   * Every variable a real service needs, the first named in a refusal: with none of them set the
   * bundled simulator would serve, which SIMULATORS must allow (docs/contract.md §3).
   */
  readonly requiredVariables: readonly [string, ...string[]];
  /** The variable that says where its requests go: plain http there is refused in production (docs/contract.md §3). */
  readonly baseUrlVariable: string;
  /** Settings that hold a credential: log lines show `[redacted]` there, whoever logs the config. */
  readonly secretFields: readonly (keyof Settings & string)[];
  /** Everything its upstream could echo back: the secrets, and values built from them that go on the wire. */
  credentials(settings: Settings): readonly (Secret | string)[];
}
