import "reflect-metadata";
// First: the instrumentations patch node:http and graphql as they load.
import { tracing } from "./telemetry/register-tracing";
import { ConfigError, loadConfig, providerSettings, type Config } from "./config/config";
import { loadTrustedDocuments } from "./plugins/trusted-documents";
import { asyncStdout } from "./log/logger";
import { createServerLogger } from "./server-logger";
import { demoOf, exampleMutation, startBanner } from "./banner";
import { createProviders, type ProviderTarget, type ProviderTargets } from "./providers/create-providers";
import type { RunningSimulator } from "./providers/provider-definition";
import type { ProviderConfig } from "./providers/provider-settings";
import { definitionOf, mapProvidersInTurn, type ProviderConfigs, type ProviderKey, type SettingsOf } from "./providers/registry";
import { createBulkJobs } from "./jobs/create-bulk-jobs";
import type { BulkJobs } from "./jobs/bulk-jobs";
import { connectSharedRedis } from "./redis/shared-redis";
import { SHARED_REDIS_COMMAND_TIMEOUT_MS } from "./config/tunables";
import { buildServer } from "./server";
import { Metrics } from "./telemetry/metrics";
import { startMetricsServer, type MetricsServer } from "./telemetry/metrics-server";

/** The bundled simulators this process started, by provider. */
type StartedSimulators = Map<string, RunningSimulator>;

/**
 * The real service a provider's config names or, without credentials, its bundled simulator,
 * started here so a newcomer needs no account (docs/contract.md §3).
 */
async function targetOf<K extends ProviderKey>(key: K, configs: ProviderConfigs, started: StartedSimulators): Promise<ProviderTarget<SettingsOf<K>>> {
  const chosen: ProviderConfig<SettingsOf<K>> = configs[key];
  if (chosen.mode === "real") return { ...chosen, simulated: false };
  const definition = definitionOf(key);
  const simulator = await definition.simulator.start();
  started.set(definition.provider, simulator);
  return { ...providerSettings(key, definition.simulator.environment(simulator.url)), simulated: true };
}

/** One line that names the variable and what is wrong, then a non-zero exit (docs/contract.md §3). */
function refuseToStart(message: string): never {
  process.stderr.write(`Configuration error: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) refuseToStart(error.message);
    throw error;
  }
  let trustedDocuments: ReadonlyMap<string, string> | undefined;
  if (config.trustedDocumentsOnly) {
    try {
      trustedDocuments = loadTrustedDocuments();
    } catch (error) {
      refuseToStart(`TRUSTED_DOCUMENTS_ONLY: ${(error as Error).message}`);
    }
  }
  const logger = createServerLogger(config.logLevel, asyncStdout());
  const metrics = new Metrics({ processMetrics: true });
  const simulators: StartedSimulators = new Map();
  const targets = await mapProvidersInTurn<ProviderTargets>((key) => targetOf(key, config, simulators));

  // What every instance shares (docs/contract.md §9-§10): Idempotency-Key records, the upstream
  // request budget and Retry-After pauses, under REDIS_KEY_PREFIX.
  const { url: redisUrl, keyPrefix } = config.redis;
  const sharedRedis = redisUrl ? connectSharedRedis({ url: redisUrl, keyPrefix, logger, metrics, commandTimeoutMs: SHARED_REDIS_COMMAND_TIMEOUT_MS }) : undefined;
  const providers = createProviders(targets, { upstream: config.upstream, telemetry: { logger, metrics }, bulk: config.bulk, fleet: { maxRps: config.maxRps, sharedRedis } });
  let bulkJobs: BulkJobs;
  try {
    // Once per process; server.close() stops it at shutdown, before the providers' pools close.
    bulkJobs = await createBulkJobs({ config: config.bulkJobs, redis: config.redis, providers, logger, metrics });
  } catch (error) {
    refuseToStart((error as Error).message);
  }
  // The banner's example, on a simulator's demo data; Sandbox opens with it.
  const demo = demoOf((provider) => simulators.has(provider));
  const sandboxDocument = demo ? exampleMutation(demo) : undefined;
  const server = await buildServer({ config, providers, logger, metrics, trustedDocuments, bulkJobs, sharedRedis, sandboxDocument });
  // Listening before the GraphQL port does, so /metrics answers as soon as /healthz does.
  let metricsServer: MetricsServer;
  try {
    metricsServer = await startMetricsServer({ registry: metrics.registry, port: config.metricsPort, host: config.host, logger });
  } catch (error) {
    refuseToStart(`METRICS_PORT: cannot listen on ${config.host}:${config.metricsPort} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const url = `${await server.listen(config.port, config.host)}/`;
  process.stdout.write(
    startBanner({
      url,
      metricsUrl: `${metricsServer.url}/metrics`,
      config,
      // Redis down at start: the server starts and says so (docs/contract.md §8); jobs resume when it is back.
      bulkJobsAvailable: await bulkJobs.available(),
      providers: providers.map((p) => p.describe()),
      simulatorUrls: new Map([...simulators].map(([provider, simulator]) => [provider, simulator.url])),
      demo,
    }),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: refusing new requests, finishing those in flight");
    let exitCode = 0;
    try {
      // Stops accepting, lets in-flight requests finish within the grace period, stops the job
      // workers (a job in this process ends with it), then closes the upstream pools.
      await server.close();
      // Scrapable while the requests in flight finish: their counts are the last a scraper sees.
      await metricsServer.close();
      await sharedRedis?.close();
      await Promise.all([...simulators.values()].map((s) => s.close()));
      // The last spans are exported (with an OTLP endpoint) before the process ends.
      await tracing.shutdown();
      logger.info("stopped");
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      exitCode = 1;
    }
    // The log stream is asynchronous: its last lines are written out before the process ends.
    logger.flush(() => process.exit(exitCode));
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

void main();
