import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { getBooleanFromEnv, W3CTraceContextPropagator } from "@opentelemetry/core";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";

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
 * The instrumentations not named in OTEL_NODE_DISABLED_INSTRUMENTATIONS (OpenTelemetry's own
 * variable, as auto-instrumentations-node reads it: a comma-separated list of short names), each
 * made only if wanted, since one enables itself as it is constructed. Each costs CPU per removal
 * (README, "Tracing and correlation"): `graphql` is the one to drop first; without `undici` no
 * traceparent reaches the providers.
 */
function enabledOnly(env: NodeJS.ProcessEnv, makers: Record<"undici" | "graphql", () => Instrumentation>): Instrumentation[] {
  const disabled = new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? "").split(",").map((name) => name.trim()));
  return Object.entries(makers)
    .filter(([name]) => !disabled.has(name))
    .map(([, make]) => make());
}

/**
 * OpenTelemetry's http instrumentation is not used: its server span cost about a third more CPU
 * per removal (npm run bench -- --tracing, each instrumentation left out in turn), and even with
 * only outgoing calls instrumented (a JWKS fetch) the build cost about 8 % more than without it.
 * The operation's span is the server span and continues the caller's trace itself
 * (request-correlation.ts).
 *
 * Tracing with OpenTelemetry's own SDK and instrumentations (docs/contract.md §11): every upstream
 * request carries the trace context (undici, which sees the project's own dispatch through
 * diagnostics_channel) and graphql-js gets its parse, validate and execute spans. The spans of this
 * server's own work are made where that work is: the operation, which continues the caller's W3C
 * trace, on both lanes (request-correlation.ts), and each removal (src/removal/remove-membership.ts).
 *
 * Spans are exported over OTLP only when an endpoint is set. Without one they are still made, so
 * trace ids are propagated upstream and logged, and dropped when they end (NoopSpanProcessor: the
 * SDK registers no tracer at all without a processor). NodeSDK would otherwise read unset exporter
 * variables as "otlp to localhost" for traces, metrics and logs alike: metrics are Prometheus's
 * (/metrics) and logs are pino's, so both are turned off here, whatever the environment says.
 * OTEL_SDK_DISABLED=true turns all of it off (the benchmark's "off").
 *
 * Call before anything loads graphql: its instrumentation patches the module as it is required
 * (main.ts imports this first).
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  const env = process.env;
  // Before any instrumentation is made: each enables itself, patching modules and subscribing to
  // undici's channels, as it is constructed, whether or not the SDK then starts.
  if (getBooleanFromEnv("OTEL_SDK_DISABLED")) return { shutdown: async () => undefined };
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (exportWanted(env)) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const recorded = processors.length > 0;
  if (!recorded) processors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? SERVICE_NAME,
    spanProcessors: processors,
    // Nothing would read a span: every span is made unrecorded, ids and context only, which costs
    // a fraction of a recorded one (timings, attributes, events). The trace id still goes upstream
    // and on every log line; the flags sent say "not sampled", as nothing here was recorded.
    // OTEL_TRACES_SAMPLER, when set, decides instead (the SDK reads it).
    ...(recorded || env.OTEL_TRACES_SAMPLER ? {} : { sampler: new AlwaysOffSampler() }),
    // The trace context only. The SDK's default adds W3C baggage, which would carry whatever a
    // caller put in its `baggage` header on to Blueshift and Usergrid.
    textMapPropagator: new W3CTraceContextPropagator(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: enabledOnly(env, {
      // Only within a traced request: a background token refresh is no trace of its own.
      undici: () => new UndiciInstrumentation({ requireParentforSpans: true }),
      // parse, validate and execute; no span per resolved field, which type-graphql's resolvers
      // would make a dozen of per removal, each costing CPU. Values stay out of spans
      // (allowValues defaults to false): variables carry emails.
      graphql: () => new GraphQLInstrumentation({ ignoreResolveSpans: true }),
    }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
