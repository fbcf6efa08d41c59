import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { tracingEnvironmentOf, type TracingEnvironment } from "../config/opentelemetry-variables";

export interface TracingOptions {
  /** Where finished spans go besides an OTLP exporter: tests hand an in-memory exporter's processor here. */
  spanProcessors?: readonly SpanProcessor[];
}

export interface Tracing {
  /** Exports what is still buffered, then stops: called at shutdown, after the server has closed. */
  shutdown(): Promise<void>;
}

/**
 * graphql-js's parse, validate and execute spans (OpenTelemetry's graphql instrumentation), unless
 * OTEL_NODE_DISABLED_INSTRUMENTATIONS (OpenTelemetry's own variable, as auto-instrumentations-node
 * reads it: a comma-separated list of short names) names `graphql`. Made only when wanted, since it
 * enables itself, patching graphql as it loads, as it is constructed.
 */
function graphqlSpans(env: TracingEnvironment): Instrumentation[] {
  if (env.graphqlSpansDisabled) return [];
  // No span per resolved field, which type-graphql's resolvers would make a dozen of per removal,
  // each costing CPU. Values stay out of spans (allowValues defaults to false): variables carry emails.
  return [new GraphQLInstrumentation({ ignoreResolveSpans: true })];
}

/**
 * Tracing with OpenTelemetry's own SDK (docs/contract.md §11): its context (AsyncLocalStorage),
 * W3C trace-context propagator, sampler and OTLP exporter. The spans of this server's own work are
 * made where that work is: the operation, which continues the caller's W3C trace and is the server
 * span, on both lanes (request-correlation.ts); each removal (src/removal/remove-membership.ts);
 * each upstream attempt, whose trace context every upstream request carries (src/http/attempt-tracing.ts).
 * graphql-js gets its parse, validate and execute spans from OpenTelemetry's graphql instrumentation.
 *
 * OpenTelemetry's http and undici instrumentations are not used. Both do their work for every
 * request whether or not anything records it: the http one's server span cost about a third more
 * CPU per removal, and the undici one about a quarter (npm run bench -- --tracing, each left out in
 * turn; README, "Tracing and correlation"). src/http/attempt-tracing.ts says what else the undici one got wrong.
 *
 * Spans are exported over OTLP only when an endpoint is set. Without one nothing reads a span, so
 * none is recorded: the operation's span is still made, unrecorded, so that its trace id (the
 * caller's, or a new one) goes upstream and on every log line, and the removal and attempt spans,
 * which only a recorded trace needs, are not made at all. Nor is the graphql instrumentation, whose
 * spans nothing would read and which sends nothing anywhere. NodeSDK would otherwise read unset
 * exporter variables as "otlp to localhost" for traces, metrics and logs alike: metrics are
 * Prometheus's (/metrics) and logs are pino's, so both are turned off here, whatever the
 * environment says. OTEL_SDK_DISABLED=true turns all of it off (the benchmark's "off").
 *
 * Call before anything loads graphql: its instrumentation patches the module as it is required
 * (main.ts imports this first).
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  // OpenTelemetry's variables, as src/config/opentelemetry-variables.ts reads them; the SDK and
  // its exporter read the rest of them (endpoints, headers, OTEL_BSP_*) themselves.
  const env = tracingEnvironmentOf();
  // Before the instrumentation is made: it enables itself, patching graphql, as it is constructed,
  // whether or not the SDK then starts.
  if (env.disabled) return { shutdown: async () => undefined };
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (env.exportWanted) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  // What makes spans worth recording: something to read them, or a sampler the operator chose.
  const recorded = processors.length > 0 || env.samplerChosen;
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    serviceName: env.serviceName,
    spanProcessors: processors,
    // Nothing would read a span: every span is made unrecorded, ids and context only, which costs
    // a fraction of a recorded one (timings, attributes, events). The trace id still goes upstream
    // and on every log line; the flags sent say "not sampled", as nothing here was recorded.
    // OTEL_TRACES_SAMPLER, when set, decides instead (the SDK reads it).
    ...(recorded ? {} : { sampler: new AlwaysOffSampler() }),
    // The trace context only. The SDK's default adds W3C baggage, which would carry whatever a
    // caller put in its `baggage` header on to Blueshift and Usergrid.
    textMapPropagator: new W3CTraceContextPropagator(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: recorded ? graphqlSpans(env) : [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
