import pino, { type Logger } from "pino";

/**
 * Redaction is declared once, here (pino docs/redaction.md): headers and config fields that can
 * carry a credential never reach a log line, whoever logs them.
 */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "*.headers.authorization",
  "apiKey",
  "*.apiKey",
  "clientSecret",
  "*.clientSecret",
  "access_token",
  "*.access_token",
  "token",
  "*.token",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

export type { Logger };
