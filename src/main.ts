import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "./config/config";
import { Secret } from "./config/secret";
import { Provider } from "./graphql/provider.enum";
import { createLogger } from "./log/logger";
import { exampleMutation, startBanner } from "./banner";
import { startBlueshiftSimulator, blueshiftDemo } from "./providers/blueshift/simulator";
import { createProviders, type ProviderTargets } from "./providers/create-providers";
import { startUsergridSimulator, usergridDemo } from "./providers/usergrid/simulator";
import { buildServer } from "./server";

interface Closable {
  close(): Promise<void>;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const simulators: Closable[] = [];
  const simulatorUrls = new Map<string, string>();

  let blueshift: ProviderTargets["blueshift"];
  if (config.blueshift.mode === "real") {
    blueshift = { ...config.blueshift, simulated: false };
  } else {
    // No credentials: the bundled simulator serves, so a newcomer needs no account (CONTRACT §3).
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

  const providers = createProviders({ blueshift, usergrid }, config.upstream);
  const server = await buildServer({ config, providers, logger });
  const url = `${await server.listen(config.port, config.host)}/`;
  process.stdout.write(
    startBanner({
      url,
      config,
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
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    void server
      .close()
      .then(() => Promise.all(simulators.map((s) => s.close())))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
