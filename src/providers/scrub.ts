import type { Secret } from "../config/secret";

/**
 * Removes a provider's credentials from text that came from the upstream, before it is put in an
 * error message: an upstream that echoes a key must not make this server leak it.
 */
export function scrub(text: string, secrets: readonly Secret[]): string {
  let clean = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length > 0) clean = clean.split(value).join("[redacted]");
  }
  return clean;
}
