import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { createCallerVerifier } from "./auth/verify-caller";
import { BULK_JOB_DEFAULTS, IDEMPOTENCY_DEFAULTS, type Config } from "./config/config";
import {
  BODY_LIMIT_BYTES,
  HEADERS_TIMEOUT_MS,
  REQUEST_BYTES_BUDGET,
  REQUEST_TIMEOUT_MS,
  SHUTDOWN_GRACE_MS,
  SHUTDOWN_MARGIN_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from "./config/tunables";
import { createGraphqlHttpHandler } from "./http-server/graphql-http-handler";
import { correlateRequests } from "./telemetry/request-correlation";
import type { BulkJobs } from "./jobs/bulk-jobs";
import { createBulkJobs } from "./jobs/create-bulk-jobs";
import { MAX_DOCUMENT_TOKENS, withDocumentTooLargeCode } from "./http-server/document-limits";
import { FastLane, type FastLaneOptions } from "./fast-lane/fast-lane";
import { maskDefects } from "./graphql/format-errors";
import { knownOperationTypesRule } from "./graphql/known-operation-types.rule";
import { MAX_ALIASES, MAX_QUERY_DEPTH, maxAliasesRule, maxDepthRule } from "./graphql/query-limits";
import { RequestContext, type Admission } from "./graphql/request-context";
import { buildFacadeSchema } from "./graphql/schema";
import type { Provider } from "./graphql/provider.enum";
import type { IdempotencyStore } from "./idempotency/idempotency-store";
import { IdempotentRequests } from "./idempotency/idempotent-requests";
import { MemoryIdempotencyStore } from "./idempotency/memory-idempotency-store";
import { RedisIdempotencyStore } from "./idempotency/redis-idempotency-store";
import { manifestQueryCache } from "./plugins/trusted-documents";
import type { ServerPlugin } from "./plugins/lane-counterpart";
import { asServerPlugins, laneCoverage, serverPlugins, type ExtraPlugin } from "./plugins/server-plugins";
import type { Logger } from "./log/logger";
import type { MembershipProvider } from "./providers/membership-provider";
import type { SharedRedis } from "./redis/shared-redis";
import { RequestByteBudget } from "./http-server/request-byte-budget";
import type { Metrics } from "./telemetry/metrics";
import { RequestLog } from "./plugins/request-log";

export interface FacadeServer {
  readonly httpServer: Server;
  /** Listens on the given port and host; resolves to the origin clients use, without a trailing slash. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, stops the job engine, then closes the providers' pools. */
  close(): Promise<void>;
}

export interface BuildServerOptions {
  /** `upstream.deadlineMs` sets how long shutdown waits for removals in flight; the default deadline's wait unless given. */
  /** `bulkJobs.maxRefs` caps the refs of one job (BULK_JOB_MAX_REFS); its default unless given. */
  /** `idempotency.ttlHours`: how long an Idempotency-Key's answer is replayed (IDEMPOTENCY_TTL_HOURS); its default unless given. */
  config: Pick<Config, "nodeEnv" | "introspection" | "auth" | "corsOrigins"> & Partial<Pick<Config, "upstream" | "bulkJobs" | "idempotency">>;
  providers: readonly MembershipProvider[];
  logger: Logger;
  metrics: Metrics;
  /**
   * Where bulk-removal jobs run (createBulkJobs); closed by close(), before the providers. Jobs in
   * this process, kept for BULK_JOB_TTL_HOURS' default, unless given.
   */
  bulkJobs?: BulkJobs;
  /** The persisted-document manifest (hash → document); when given, only its operations run (TRUSTED_DOCUMENTS_ONLY). */
  trustedDocuments?: ReadonlyMap<string, string>;
  /** Off: Apollo Server runs every request (the fast lane's tests compare the two). On unless given. */
  fastLane?: boolean;
  /**
   * Apollo plugins to install after the server's own. An entry with a lane counterpart keeps the
   * fast lane; a bare Apollo plugin (or an entry whose `lane` is null) turns it off, with a warn
   * line naming it, since the lane would answer requests without running it.
   */
  plugins?: readonly ExtraPlugin[];
  /**
   * The Redis every instance shares (REDIS_URL): Idempotency-Key records live there, so a repeat
   * is replayed whichever instance it reaches. Without it they are kept in this process. The
   * caller (main.ts) owns the connection and closes it after close().
   */
  sharedRedis?: SharedRedis;
  /** How long an Idempotency-Key's answer is replayed, for tests that cannot wait an hour; `config.idempotency` unless given. */
  idempotencyTtlMs?: number;
  /** Where Idempotency-Key records are kept, for tests of a store's bounds; on `sharedRedis`, or in this process, unless given. */
  idempotencyStore?: IdempotencyStore;
  /** The document Apollo Sandbox opens with at GET / (main.ts: the start banner's example); an empty editor unless given. */
  sandboxDocument?: string;
  /** Overrides of the request limits, for tests that cannot wait 10 s or send 64 MiB; src/config/tunables.ts's unless given. */
  limits?: Partial<RequestLimits>;
}

export interface RequestLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  requestBytesBudget: number;
}

/** Builds the whole server without listening: only main.ts (and tests) choose where it listens. */
export async function buildServer(options: BuildServerOptions): Promise<FacadeServer> {
  const production = options.config.nodeEnv === "production";
  const providers: ReadonlyMap<Provider, MembershipProvider> = new Map(options.providers.map((p) => [p.provider, p]));
  const { schema } = await buildFacadeSchema();
  const limits: RequestLimits = {
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    requestBytesBudget: REQUEST_BYTES_BUDGET,
    ...options.limits,
  };
  const httpServer = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  });
  const { auth } = options.config;
  let closing = false;
  const requestLog = new RequestLog(options.logger, options.metrics);
  const formatError = withDocumentTooLargeCode(maskDefects(options.logger));
  const includeStacktrace = !production;
  const validationRules = [knownOperationTypesRule, maxDepthRule(MAX_QUERY_DEPTH), maxAliasesRule(MAX_ALIASES)];

  const plugins = [
    ...serverPlugins({
      httpServer,
      stopGracePeriodMillis: shutdownGraceMs(options.config.upstream?.deadlineMs),
      requestLog,
      documentsParsed: options.metrics.documentsParsed,
      trustedDocuments: options.trustedDocuments ? { documents: options.trustedDocuments, allowIntrospection: !production } : null,
      requiredScope: auth ? auth.requiredScope : null,
      introspection: options.config.introspection,
      sandboxDocument: options.sandboxDocument ?? null,
      hideSchemaDetails: production,
    }),
    ...asServerPlugins(options.plugins ?? []),
  ];

  const apollo = new ApolloServer<RequestContext>({
    schema,
    logger: options.logger,
    introspection: options.config.introspection,
    includeStacktraceInErrorResponses: includeStacktrace,
    // No "Did you mean …?" suggestions in production: they spell out the schema to whoever guesses.
    hideSchemaDetailsFromClientErrors: production,
    // Apollo Server 5's defaults, stated because they are security decisions: a batch would multiply
    // what one request may cost upstream, and CSRF prevention refuses the simple requests a foreign
    // page could make a browser send.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Built once; Apollo runs validation only for a document it has not cached yet.
    validationRules,
    // The fast lane parses with the same cap (PreparedDocuments).
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    ...(options.trustedDocuments ? { persistedQueries: { cache: manifestQueryCache(options.trustedDocuments) } } : {}),
    // main.ts owns SIGTERM and SIGINT: it drains this server, then closes the pools and exits.
    stopOnTerminationSignals: false,
    plugins: plugins.map((plugin) => plugin.apollo),
    formatError,
  });
  await apollo.start();

  // The caller is verified once per HTTP request, by the handler, before it reads the body; both
  // lanes then run with what it found (docs/contract.md §7).
  const verifyCaller = auth ? createCallerVerifier(auth, options.logger, options.metrics) : null;
  const bulkJobs =
    options.bulkJobs ??
    (await createBulkJobs({
      config: { ttlHours: options.config.bulkJobs?.ttlHours ?? BULK_JOB_DEFAULTS.ttlHours, lockMs: BULK_JOB_DEFAULTS.lockMs },
      providers: options.providers,
      logger: options.logger,
      metrics: options.metrics,
    }));
  const jobs = { engine: bulkJobs, maxRefs: options.config.bulkJobs?.maxRefs ?? BULK_JOB_DEFAULTS.maxRefs };
  const context = ({ caller, ledger }: Admission) => new RequestContext(providers, options.logger, caller, jobs, ledger);
  const fastLane =
    options.fastLane === false
      ? null
      : fastLaneFor(plugins, options.logger, { schema, validationRules, introspection: options.config.introspection, context, formatError, includeStacktrace });

  const idempotencyStore: IdempotencyStore =
    options.idempotencyStore ?? (options.sharedRedis ? new RedisIdempotencyStore(options.sharedRedis) : new MemoryIdempotencyStore());
  httpServer.on(
    "request",
    // x-request-id, and the operation's span, around both lanes (docs/contract.md §11).
    correlateRequests(createGraphqlHttpHandler({
      apollo,
      // Apollo Server refuses requests once it is stopping; so does the lane, by handing them to it.
      fastLane: fastLane && { answer: async (req, body, admission) => (closing ? null : fastLane.answer(req, body, admission)) },
      verifyCaller,
      context,
      logger: options.logger,
      bodyLimitBytes: BODY_LIMIT_BYTES,
      requestBytes: new RequestByteBudget(limits.requestBytesBudget, options.metrics.requestBytesHeld),
      corsOrigins: options.config.corsOrigins,
      metrics: options.metrics,
      idempotency: new IdempotentRequests({ store: idempotencyStore, ttlMs: idempotencyTtlMs(options), metrics: options.metrics, logger: options.logger }),
      ready: async () => !closing && (await options.metrics.anyCircuitUsable()),
    })),
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
      closing = true;
      await apollo.stop();
      // Job workers stop before their next unit and finish the ones in flight, which need the providers' pools.
      await bulkJobs.close();
      await Promise.all(options.providers.map((p) => p.close()));
    },
  };
}

/**
 * The fast lane, built from every plugin's lane counterpart; null, with a warn line naming the
 * plugins, when one has none: Apollo Server then answers every request, so every plugin runs.
 */
function fastLaneFor(plugins: readonly ServerPlugin[], logger: Logger, lane: Omit<FastLaneOptions, "counterparts">): FastLane | null {
  const coverage = laneCoverage(plugins);
  if (coverage.covered) return new FastLane({ ...lane, counterparts: coverage.counterparts });
  const names = coverage.uncovered.map((plugin) => plugin.name);
  logger.warn({ plugins: names }, `fast lane off: Apollo Server answers every request, as the lane has no counterpart of ${names.join(", ")}`);
  return null;
}

function idempotencyTtlMs(options: BuildServerOptions): number {
  return options.idempotencyTtlMs ?? (options.config.idempotency ?? IDEMPOTENCY_DEFAULTS).ttlHours * 60 * 60 * 1000;
}

/** Shutdown's wait: at least SHUTDOWN_GRACE_MS, and a removal's whole deadline plus what its answer needs. */
export function shutdownGraceMs(upstreamDeadlineMs: number | undefined): number {
  return Math.max(SHUTDOWN_GRACE_MS, (upstreamDeadlineMs ?? 0) + SHUTDOWN_MARGIN_MS);
}
