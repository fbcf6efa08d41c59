import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError } from "graphql";
import type { Config } from "./config/config";
import { createGraphqlHttpHandler } from "./graphql-http-handler";
import { RequestContext } from "./graphql/request-context";
import { buildFacadeSchema } from "./graphql/schema";
import type { Provider } from "./graphql/provider.enum";
import type { Logger } from "./log/logger";
import type { MembershipProvider } from "./providers/membership-provider";

export interface FacadeServer {
  readonly httpServer: Server;
  /** Listens on the given port and host; resolves to the origin clients use, without a trailing slash. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, then closes the providers' pools. */
  close(): Promise<void>;
}

export interface BuildServerOptions {
  config: Pick<Config, "nodeEnv" | "introspection">;
  providers: readonly MembershipProvider[];
  logger: Logger;
}

/** Builds the whole server without listening: only main.ts (and tests) choose where it listens. */
export async function buildServer(options: BuildServerOptions): Promise<FacadeServer> {
  const production = options.config.nodeEnv === "production";
  const providers: ReadonlyMap<Provider, MembershipProvider> = new Map(options.providers.map((p) => [p.provider, p]));
  const { schema } = await buildFacadeSchema();
  const httpServer = createServer();

  const apollo = new ApolloServer<RequestContext>({
    schema,
    logger: options.logger,
    introspection: options.config.introspection,
    includeStacktraceInErrorResponses: !production,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // A subgraph reports traces to the gateway only when asked (ftv1 header); installed
      // explicitly, as Apollo Server otherwise installs it with a log line at every start.
      ApolloServerPluginInlineTrace(),
      // Cache hints mean nothing for a mutation facade, and the default cache-control plugin
      // wraps every field resolver of every request to compute them.
      ApolloServerPluginCacheControlDisabled(),
      // Sandbox runs on introspection: without it the page would open on an empty schema.
      options.config.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
    // Provider answers are union members; a top-level error from a resolver is a defect, and its
    // message may carry internals, so it is masked (CONTRACT §1).
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (original !== error && !(original instanceof GraphQLError)) {
        options.logger.error({ err: original }, "resolver defect");
        return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
      }
      return formatted;
    },
  });
  await apollo.start();

  httpServer.on(
    "request",
    createGraphqlHttpHandler({ apollo, context: () => new RequestContext(providers, options.logger), logger: options.logger, bodyLimit: "64kb" }),
  );

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const { address, port: bound } = httpServer.address() as AddressInfo;
          const shown = address.includes(":") ? `[${address}]` : address;
          resolve(`http://${shown}:${bound}`);
        });
      }),
    close: async () => {
      await apollo.stop();
      await Promise.all(options.providers.map((p) => p.close()));
    },
  };
}
