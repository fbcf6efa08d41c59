import type pino from "pino";
import { createLogger, type Logger } from "./log/logger";
import { PROVIDER_KEYS, settingsDefinitionOf } from "./providers/settings-registry";
import { correlationFields } from "./telemetry/request-correlation";

/** Each provider's secret settings, as its settings.ts names them (src/providers/<p>/settings.ts): alone, and in the logged config. */
function providerSecretPaths(): string[] {
  return PROVIDER_KEYS.flatMap((key) => settingsDefinitionOf(key).secretFields.flatMap((field) => [field, `config.${key}.${field}`]));
}

/**
 * The server's logger: besides what src/log/logger.ts always redacts, every provider's secret
 * settings are redacted, and every line logged while a request is served carries its `request_id`
 * and `trace_id` (docs/contract.md §11) through pino's mixin, so no call site passes them.
 */
export function createServerLogger(level: string, destination?: pino.DestinationStream): Logger {
  return createLogger(level, destination, { redact: providerSecretPaths(), mixin: correlationFields });
}
