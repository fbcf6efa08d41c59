/** A bad environment: one line that names the variable and what is wrong with it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
