import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { isGraphqlPath } from "./request-correlation";

export interface TracingOptions {
  /** Where finished spans go besides an OTLP exporter: tests hand an in-memory exporter's processor here. */
  spanProcessors?: readonly SpanProcessor[];
}

export interface Tracing {
  /** Exports what is still buffered, then stops: called at shutdown, after the server has closed. */
  shutdown(): Promise<void>;
}

const SERVICE_NAME = "membership-facade";

/**
 * Whether the operator asked for export. OpenTelemetry's own variables (OTEL_SDK_DISABLED,
 * OTEL_EXPORTER_OTLP_*, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, …) are read from the process
 * environment, as the SDK and its exporter read them.
 */
function exportWanted(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_TRACES_EXPORTER !== "none";
}

/**
 * Tracing with OpenTelemetry's own SDK and instrumentations (docs/contract.md §11): the caller's W3C
 * trace context is continued (http), every upstream request carries it (undici, which sees the
 * project's own dispatch through diagnostics_channel), and Apollo's path gets graphql-js spans. The
 * spans of this server's own work, the operation on both lanes, each removal, are made where that
 * work is (request-correlation.ts, src/removal/remove-membership.ts).
 *
 * Spans are exported over OTLP only when an endpoint is set. Without one they are still made, so
 * trace ids are propagated upstream and logged, and dropped when they end (NoopSpanProcessor: the
 * SDK registers no tracer at all without a processor). NodeSDK would otherwise read unset exporter
 * variables as "otlp to localhost" for traces, metrics and logs alike: metrics are Prometheus's
 * (/metrics) and logs are pino's, so both are turned off here, whatever the environment says.
 * OTEL_SDK_DISABLED=true turns all of it off (the benchmark's "off").
 *
 * Call before anything loads node:http, undici or graphql: the http and graphql instrumentations
 * patch those modules as they are required (main.ts imports this first).
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  const env = process.env;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (exportWanted(env)) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? SERVICE_NAME,
    spanProcessors: processors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not worth a trace; the GraphQL paths are the server's work.
        ignoreIncomingRequestHook: (request) => !isGraphqlPath(request.url),
      }),
      // Only within a traced request: a background token refresh is no trace of its own.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // parse, validate and execute; no span per resolved field, which type-graphql's resolvers
      // would make a dozen of per removal, each costing CPU. Values stay out of spans
      // (allowValues defaults to false): variables carry emails.
      new GraphQLInstrumentation({ ignoreResolveSpans: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
