import { Redis } from "ioredis";
import type { Secret } from "../config/secret";
import type { Logger } from "../log/logger";
import type { Metrics } from "../telemetry/metrics";
import { reconnectDelay } from "./reconnect-delay";
import { ThrottledLog } from "./throttled-log";

/** One line per outage and interval, however many commands fail in it. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * What the instances of a fleet share through REDIS_URL besides bulk-removal jobs: idempotency
 * records (docs/contract.md §9), the upstream budget and Retry-After pauses (§10). One connection,
 * used by both.
 *
 * Redis trouble must never become an outage of single removals (§10), so a command is never held
 * waiting for Redis: no offline queue (a command sent while disconnected fails at once), one try
 * per command, and a command timeout. Callers fall back (local limits) or refuse (a request with
 * an Idempotency-Key) when a command fails, and `available()` tells them, without a round trip,
 * whether it is worth trying.
 */
export interface SharedRedis {
  readonly client: Redis;
  /** REDIS_KEY_PREFIX: what every key written through this connection begins with (docs/contract.md §3). */
  readonly keyPrefix: string;
  /** Whether the connection is up now (ioredis "ready"); false from the first error until it is back. */
  available(): boolean;
  close(): Promise<void>;
}

export interface SharedRedisOptions {
  url: Secret;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  logger: Logger;
  metrics: Metrics;
  /** How long one command may take before it fails: well under a removal's deadline. */
  commandTimeoutMs: number;
}

export function connectSharedRedis(options: SharedRedisOptions): SharedRedis {
  const errors = new ThrottledLog(options.logger, ERROR_LOG_INTERVAL_MS);
  const client = new Redis(options.url.reveal(), {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: reconnectDelay,
  });
  let up = false;
  const gauge = options.metrics.sharedRedisUp;
  gauge.set(0);
  client.on("ready", () => {
    up = true;
    gauge.set(1);
    errors.reset("shared");
    options.logger.info("shared Redis is reachable: idempotency keys and the shared upstream budget are in use");
  });
  client.on("error", (error: unknown) => {
    errors.error("shared", error, "shared Redis is unreachable: requests with an Idempotency-Key are refused and each instance keeps to its own upstream limits until it answers");
  });
  client.on("close", () => {
    up = false;
    gauge.set(0);
  });
  return {
    client,
    keyPrefix: options.keyPrefix,
    available: () => up,
    close: async () => {
      // QUIT waits for a Redis that may never answer again; disconnect does not.
      client.disconnect();
    },
  };
}
