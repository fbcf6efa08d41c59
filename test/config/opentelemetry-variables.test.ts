import { listenAddressOf } from "../../src/config/listen-address";
import { tracingEnvironmentOf } from "../../src/config/opentelemetry-variables";

describe("OpenTelemetry's variables, as tracing reads them before it starts the SDK", () => {
  it("exports only with an OTLP endpoint, and never when OTEL_TRACES_EXPORTER is none", () => {
    expect(tracingEnvironmentOf({}).exportWanted).toBe(false);
    expect(tracingEnvironmentOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).exportWanted).toBe(true);
    expect(tracingEnvironmentOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" }).exportWanted).toBe(true);
    expect(tracingEnvironmentOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" }).exportWanted).toBe(false);
  });

  it("reads OTEL_SDK_DISABLED as the SDK reads a boolean, trimmed and in any case", () => {
    expect(tracingEnvironmentOf({ OTEL_SDK_DISABLED: " TRUE " }).disabled).toBe(true);
    expect(tracingEnvironmentOf({ OTEL_SDK_DISABLED: "false" }).disabled).toBe(false);
    expect(tracingEnvironmentOf({}).disabled).toBe(false);
  });

  it("names the service membership-facade unless OTEL_SERVICE_NAME says otherwise, and drops graphql's spans when asked", () => {
    expect(tracingEnvironmentOf({})).toMatchObject({ serviceName: "membership-facade", samplerChosen: false, graphqlSpansDisabled: false });
    expect(tracingEnvironmentOf({ OTEL_SERVICE_NAME: "facade-eu", OTEL_TRACES_SAMPLER: "always_on", OTEL_NODE_DISABLED_INSTRUMENTATIONS: "http, graphql" })).toMatchObject({
      serviceName: "facade-eu",
      samplerChosen: true,
      graphqlSpansDisabled: true,
    });
  });
});

describe("the health check's address", () => {
  it("reads PORT and HOST as the server does, 4000 unless set, and nothing else", () => {
    expect(listenAddressOf({})).toEqual({ port: 4000, host: undefined });
    expect(listenAddressOf({ PORT: "8080", HOST: "0.0.0.0", REDIS_URL: "not checked here" })).toEqual({ port: 8080, host: "0.0.0.0" });
  });
});
