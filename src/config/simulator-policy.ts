import { settingsDefinitionOf as definitionOf, PROVIDER_KEYS, type ProviderConfigs } from "../providers/settings-registry";
import { ConfigError } from "./config-error";

/**
 * SIMULATORS (docs/contract.md §3): whether a provider without credentials may be served by its
 * bundled simulator. Unset, it may everywhere but in production.
 */
export function simulatorsAllowed(nodeEnv: string, simulators: "true" | "false" | undefined): boolean {
  return simulators === undefined ? nodeEnv !== "production" : simulators === "true";
}

/**
 * Refuses a start that would simulate a provider SIMULATORS does not allow, naming the first such
 * provider's variables: a simulator's "removed" answers would tell callers that real users left
 * real groups (docs/contract.md §3).
 */
export function refuseUnallowedSimulators(providers: ProviderConfigs, allowed: boolean): void {
  if (allowed) return;
  const simulated = PROVIDER_KEYS.find((key) => providers[key].mode === "simulator");
  if (simulated === undefined) return;
  const { name, requiredVariables } = definitionOf(simulated);
  throw new ConfigError(
    `${requiredVariables[0]}: ${name} has no credentials (${requiredVariables.join(", ")}) and SIMULATORS is not true (false by default with NODE_ENV=production): ` +
      `its bundled simulator would answer, and its demo "removed" would tell callers that real users left real groups; set those variables, or SIMULATORS=true for a demo`,
  );
}
