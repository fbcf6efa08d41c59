import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { Attempt } from "./call-policy";
import { tracer } from "../telemetry/request-correlation";

/**
 * The spans of one upstream's attempts (docs/contract.md §11): each attempt of a call, children of
 * the removal that makes it. UpstreamClient sends the active trace context with each request
 * (withTraceContext), so the provider sees the attempt's span as its caller.
 *
 * Made here rather than by OpenTelemetry's undici instrumentation, which this server used before:
 * - its cost: for every request, recorded or not, it parses the URL, maps the headers and builds a
 *   dozen attributes and a metric, +24 % CPU per removal without an exporter
 *   (`npm run bench -- --tracing`; README, "Tracing and correlation");
 * - its context: it takes the one active when undici creates the request, which for a request the
 *   pool had queued is the context of the request that freed the socket, another removal's trace;
 * - what it records: the full URL, whose path and query hold the emails looked up. These spans name
 *   the route's template, as the log lines and metrics do.
 */
export class AttemptSpans {
  private readonly server: Attributes;

  /** `baseUrl`: the upstream's, which every attempt of this provider goes to. */
  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    const scheme = url.protocol.slice(0, -1);
    this.server = { "server.address": url.hostname, "server.port": Number(url.port) || (scheme === "https" ? 443 : 80), "url.scheme": scheme };
  }

  /**
   * Runs attempt number `attempt` (1 for the first) of `route` ("DELETE /api/v1/customer_group/{group_id}/user/{user_uuid}")
   * in its own span, when the trace is recorded. A trace nobody records (no exporter, or a caller's
   * trace not sampled) gets no span per attempt: the request carries the active span's trace
   * context upstream all the same, and its trace id is on every log line. Outside any trace (a
   * background token refresh) there is no span either.
   */
  around(route: string, attempt: number, send: () => Promise<Attempt>): Promise<Attempt> {
    const parent = trace.getActiveSpan();
    if (parent === undefined || !parent.isRecording()) return send();
    const space = route.indexOf(" ");
    const attributes: Attributes = { ...this.server, "http.request.method": route.slice(0, space), "url.template": route.slice(space + 1) };
    // OpenTelemetry's HTTP conventions: a retry says which resend it is.
    if (attempt > 1) attributes["http.request.resend_count"] = attempt - 1;
    // Named as the conventions name a client span with a template: method and template, the route.
    const span = tracer.startSpan(route, { kind: SpanKind.CLIENT, attributes });
    return context.with(trace.setSpan(context.active(), span), send).then((outcome) => {
      endAttemptSpan(span, outcome);
      return outcome;
    });
  }
}

/** Ends an attempt's span with what came of it: the status, or the failure's code. */
function endAttemptSpan(span: Span, outcome: Attempt): void {
  if (outcome.kind === "response") {
    const { status } = outcome.response;
    span.setAttribute("http.response.status_code", status);
    // OpenTelemetry's HTTP conventions: a client span is an error for any 4xx or 5xx.
    if (status >= 400) span.setAttribute("error.type", String(status)).setStatus({ code: SpanStatusCode.ERROR });
  } else {
    span.setAttribute("error.type", outcome.failure.code).setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * A copy of a request's headers with the active W3C trace context added (`traceparent`, and the
 * caller's `tracestate`): the attempt's span when it is recorded, else the removal's or the
 * request's. A copy, because a retry sends the same request again in a span of its own. Without a
 * trace (OTEL_SDK_DISABLED=true, a background call) nothing is added.
 */
export function withTraceContext(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const carried: Record<string, string> = { ...headers };
  propagation.inject(context.active(), carried);
  return carried;
}
