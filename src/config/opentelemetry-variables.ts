/**
 * OpenTelemetry's own variables that this server documents (README, "Configuration"): its SDK and
 * exporter read them, and every other OTEL_* variable, themselves (docs/contract.md §11). They are
 * listed here beside the server's own variables (variables.ts) but not parsed there, so nothing
 * reads them twice with two rules. This file imports nothing: tracing starts, and reads it, before
 * graphql loads.
 */
export const OPENTELEMETRY_VARIABLES = {
  OTEL_EXPORTER_OTLP_ENDPOINT: "where spans are exported over OTLP/HTTP; once set, spans are recorded",
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "the same, for traces alone",
  OTEL_TRACES_EXPORTER: "none: no export, even with an endpoint",
  OTEL_SERVICE_NAME: "the service name spans carry",
  OTEL_TRACES_SAMPLER: "the sampler; once set, spans are recorded even without an endpoint",
  "OTEL_BSP_*": "the batch span processor's queue, batch size and delays (read by the SDK alone)",
  OTEL_NODE_DISABLED_INSTRUMENTATIONS: "a comma-separated list of instrumentations; graphql turns off the parse, validate and execute spans",
  OTEL_SDK_DISABLED: "true: no tracing at all (no spans, no traceparent upstream, no trace_id on log lines)",
} as const;

/** The service name spans carry unless OTEL_SERVICE_NAME says otherwise. */
export const DEFAULT_SERVICE_NAME = "membership-facade";

/** What this server decides from OpenTelemetry's variables before it starts the SDK (src/telemetry/tracing.ts). */
export interface TracingEnvironment {
  /** OTEL_SDK_DISABLED=true, read as the SDK reads a boolean (trimmed, any case). */
  disabled: boolean;
  /** An OTLP endpoint is set, and OTEL_TRACES_EXPORTER is not `none`. */
  exportWanted: boolean;
  /** OTEL_TRACES_SAMPLER is set: the SDK's sampler decides, even with nothing exporting. */
  samplerChosen: boolean;
  serviceName: string;
  /** OTEL_NODE_DISABLED_INSTRUMENTATIONS names `graphql`. */
  graphqlSpansDisabled: boolean;
}

/** Read once, when tracing starts; the SDK reads the same variables on its own for the rest. */
export function tracingEnvironmentOf(env: NodeJS.ProcessEnv = process.env): TracingEnvironment {
  const disabledInstrumentations = new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? "").split(",").map((name) => name.trim()));
  return {
    disabled: env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true",
    exportWanted: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_TRACES_EXPORTER !== "none",
    samplerChosen: Boolean(env.OTEL_TRACES_SAMPLER),
    serviceName: env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    graphqlSpansDisabled: disabledInstrumentations.has("graphql"),
  };
}
