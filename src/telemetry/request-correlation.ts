import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { context, createContextKey, isSpanContextValid, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Context, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";

/** The tracer of this server's own spans: the operation (here) and each removal (src/removal/remove-membership.ts). */
export const tracer = trace.getTracer("membership-facade");

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * A caller's id is taken as it is only when it is safe to echo and to log: visible ASCII without
 * spaces or quotes, at most 128 characters (a UUID, a ULID, a gateway's or a ticket's id). Anything
 * else is replaced, never cut or escaped: an id that is not exactly the caller's correlates nothing.
 */
const SANE_REQUEST_ID = /^[!#-~]{1,128}$/;

/** The request's id on this server: the caller's x-request-id when it is sane, else a new UUID. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The paths GraphQL is served at (docs/contract.md §4): the requests worth a trace. */
export function isGraphqlPath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?", 1)[0];
  return path === "/" || path === "/graphql";
}

/**
 * The id of the request being served, wherever in its work a line is logged, kept in the same
 * async context as the request's trace; undefined outside a request.
 */
const REQUEST_ID = createContextKey("membership-facade request id");

/**
 * One async context for the whole server, OpenTelemetry's, even when tracing is off
 * (OTEL_SDK_DISABLED) and nothing else registers it: the request id travels in it. Each
 * AsyncLocalStorage in use adds its own work to every promise and callback the server creates; a
 * second one, for the request id beside the trace's, made tracing cost about a tenth more CPU per
 * removal (npm run bench -- --tracing). When the SDK started first, its manager is the one used.
 */
function ensureAsyncContext(): void {
  const probe = createContextKey("membership-facade async context probe");
  const carried = context.with(ROOT_CONTEXT.setValue(probe, true), () => context.active().getValue(probe));
  if (carried !== true) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * What every log line of a request carries (docs/contract.md §11): its `request_id` and, when it
 * is traced, its `trace_id`. pino's mixin, so no call site has to pass them.
 */
export function correlationFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const active = context.active();
  const requestId = active.getValue(REQUEST_ID);
  if (typeof requestId === "string") fields.request_id = requestId;
  const span = trace.getSpanContext(active);
  if (span !== undefined && isSpanContextValid(span)) fields.trace_id = span.traceId;
  return fields;
}

/**
 * Runs `work` outside the request being served: no request id on its log lines and no trace,
 * so that the spans it makes start a trace of their own. For work a request only starts, such as
 * an in-process bulk-removal job that goes on after the request is answered, as a job on Redis
 * runs in a worker no request's context reaches (docs/contract.md §11). Without this, every unit's
 * log lines would carry the starting request's ids, and its spans would hang under an operation
 * span that ended long before.
 */
export function outsideRequest<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

/**
 * Names the operation's span once the operation is known; both lanes call it, as they write the
 * `graphql request` line (src/plugins/request-log.ts).
 */
export function nameOperation(operationName: string | null | undefined): void {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return;
  span.updateName(`graphql ${operationName ?? "anonymous"}`);
  if (operationName) span.setAttribute("graphql.operation.name", operationName);
}

/**
 * Where a request's trace begins on this server: the caller's traceparent (and tracestate), or a
 * new trace. OpenTelemetry's http instrumentation would do this with a server span of its own, at
 * about a third more CPU per removal (src/telemetry/tracing.ts); this span is that server span.
 */
function parentOf(req: IncomingMessage): Context {
  return propagation.extract(ROOT_CONTEXT, req.headers);
}

/**
 * Wraps the GraphQL port's handler: every answer carries `x-request-id` (the caller's, if sane,
 * else a new one), every log line of the request carries it, and a GraphQL request runs in its
 * operation's span, on the fast lane and on Apollo's path alike, which both run inside this.
 */
export function correlateRequests(handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  ensureAsyncContext();
  return (req, res) => {
    const requestId = requestIdOf(req.headers);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (!isGraphqlPath(req.url)) {
      handler(req, res);
      return;
    }
    const parent = parentOf(req);
    const span = tracer.startSpan("graphql request", { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET", "url.path": (req.url ?? "/").split("?", 1)[0] ?? "/" } }, parent);
    res.once("close", () => endOperation(span, res));
    context.with(trace.setSpan(parent, span).setValue(REQUEST_ID, requestId), () => handler(req, res));
  };
}

function endOperation(span: Span, res: ServerResponse): void {
  span.setAttribute("http.response.status_code", res.statusCode);
  // A removal's own failures are data (the result union); a 5xx is this server failing.
  if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
