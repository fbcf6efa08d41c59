import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "./config/config";
import { Secret } from "./config/secret";
import { Provider } from "./graphql/provider.enum";
import { loadTrustedDocuments } from "./plugins/trusted-documents";
import { asyncStdout, createLogger } from "./log/logger";
import { exampleMutation, startBanner } from "./banner";
import { startBlueshiftSimulator, blueshiftDemo } from "./simulators/blueshift/simulator";
import { createProviders, type ProviderTargets } from "./providers/create-providers";
import { startUsergridSimulator, usergridDemo } from "./simulators/usergrid/simulator";
import { createBulkJobs } from "./jobs/create-bulk-jobs";
import type { BulkJobs } from "./jobs/bulk-jobs";
import { buildServer } from "./server";
import { Metrics } from "./telemetry/metrics";

interface Closable {
  close(): Promise<void>;
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
  const logger = createLogger(config.logLevel, asyncStdout());
  const metrics = new Metrics({ processMetrics: true });
  const simulators: Closable[] = [];
  const simulatorUrls = new Map<string, string>();

  let blueshift: ProviderTargets["blueshift"];
  if (config.blueshift.mode === "real") {
    blueshift = { ...config.blueshift, simulated: false };
  } else {
    // No credentials: the bundled simulator serves, so a newcomer needs no account (docs/contract.md §3).
    const simulator = await startBlueshiftSimulator();
    simulators.push(simulator);
    simulatorUrls.set(Provider.BLUESHIFT, simulator.url);
    blueshift = { baseUrl: simulator.url, apiKey: new Secret(blueshiftDemo.apiKey), region: "us", simulated: true };
  }

  let usergrid: ProviderTargets["usergrid"];
  if (config.usergrid.mode === "real") {
    usergrid = { ...config.usergrid, simulated: false };
  } else {
    const simulator = await startUsergridSimulator();
    simulators.push(simulator);
    simulatorUrls.set(Provider.USERGRID, simulator.url);
    usergrid = {
      baseUrl: simulator.url,
      org: usergridDemo.org,
      app: usergridDemo.app,
      clientId: usergridDemo.clientId,
      clientSecret: new Secret(usergridDemo.clientSecret),
      simulated: true,
    };
  }

  const providers = createProviders({ blueshift, usergrid }, config.upstream, { logger, metrics }, {}, config.bulk);
  let bulkJobs: BulkJobs;
  try {
    // Once per process; server.close() stops it at shutdown, before the providers' pools close.
    bulkJobs = await createBulkJobs({ config: config.bulkJobs, providers, logger, metrics });
  } catch (error) {
    refuseToStart((error as Error).message);
  }
  const server = await buildServer({ config, providers, logger, metrics, trustedDocuments, bulkJobs });
  const url = `${await server.listen(config.port, config.host)}/`;
  process.stdout.write(
    startBanner({
      url,
      config,
      // Redis down at start: the server starts and says so (docs/contract.md §8); jobs resume when it is back.
      bulkJobsAvailable: await bulkJobs.available(),
      providers: providers.map((p) => p.describe()),
      simulatorUrls,
      example: simulatorUrls.has(Provider.BLUESHIFT)
        ? exampleMutation(Provider.BLUESHIFT, blueshiftDemo.groupId, { uuid: blueshiftDemo.customerUuid })
        : simulatorUrls.has(Provider.USERGRID)
          ? exampleMutation(Provider.USERGRID, usergridDemo.groupPath, { username: usergridDemo.username })
          : null,
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
      await Promise.all(simulators.map((s) => s.close()));
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
