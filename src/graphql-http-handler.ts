import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import bodyParser from "body-parser";
import cors from "cors";
import type { Logger } from "./log/logger";
import type { HttpAnswer } from "./graphql/fast-lane";
import type { RequestContext } from "./graphql/request-context";
import { isPlainJson, readPlainJson } from "./json-request-body";
import type { Metrics } from "./telemetry/metrics";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface HandlerOptions {
  apollo: ApolloServer<RequestContext>;
  /** Tried first; what it declines (null), Apollo Server runs. Null: Apollo runs every request. */
  fastLane: { answer(req: IncomingMessage, body: unknown): Promise<HttpAnswer | null> } | null;
  /** Once per HTTP request; throws a GraphQLError (UNAUTHENTICATED, 401) to refuse the caller. */
  context: (req: IncomingMessage) => RequestContext | Promise<RequestContext>;
  logger: Logger;
  /** GraphQL request bodies are small; anything larger is abuse or a mistake. */
  bodyLimitBytes: number;
  /** CORS_ORIGINS: "*" for every origin, else only those listed (none when empty). */
  corsOrigins: "*" | readonly string[];
  metrics: Metrics;
  /** GET /readyz: whether this instance should be sent traffic now. */
  ready: () => Promise<boolean>;
}

/**
 * A plain node:http handler in front of Apollo Server, the way Apollo's own standalone server is
 * built (cors + body-parser + executeHTTPGraphQLRequest), without a framework on the hot path.
 * GraphQL is served at / (where Sandbox opens) and /graphql; /healthz answers liveness, /readyz
 * readiness and /metrics Prometheus.
 */
export function createGraphqlHttpHandler(options: HandlerOptions) {
  const lanes: Lanes = { fast: options.metrics.graphqlRequests.labels("fast"), apollo: options.metrics.graphqlRequests.labels("apollo") };
  const corsMiddleware = corsFor(options.corsOrigins);
  const jsonMiddleware: Middleware = bodyParser.json({ limit: options.bodyLimitBytes });

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);

    if (pathname === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return;
    }
    if (pathname === "/readyz") {
      void sendReadiness(res, options);
      return;
    }
    if (pathname === "/metrics") {
      void sendMetrics(res, options);
      return;
    }
    if (pathname !== "/" && pathname !== "/graphql") {
      sendJson(res, 404, { errors: [{ message: `Not found: GraphQL is served at / and /graphql` }] });
      return;
    }

    const parsed = (parseError: unknown, body?: unknown) => {
      if (parseError) return fail(res, parseError, options.logger);
      serve(req, res, queryStart === -1 ? "" : url.slice(queryStart), body ?? bodyOf(req), options, lanes);
    };
    const parseAndExecute = () =>
      req.method === "POST" && isPlainJson(req) ? readPlainJson(req, options.bodyLimitBytes, parsed) : jsonMiddleware(req, res, parsed);
    // Only a browser sends Origin, and only a browser reads CORS headers: other callers skip the work.
    if (corsMiddleware === null || req.headers.origin === undefined) {
      parseAndExecute();
      return;
    }
    corsMiddleware(req, res, (corsError) => {
      if (corsError) return fail(res, corsError, options.logger);
      parseAndExecute();
    });
  };
}

/** null: no CORS headers at all, so browsers refuse every cross-origin call (production's default). */
function corsFor(origins: "*" | readonly string[]): Middleware | null {
  if (origins === "*") return cors();
  if (origins.length === 0) return null;
  const allowed = new Set(origins);
  // The callback form leaves a foreign origin's request without any CORS header; cors' array
  // form would still answer its preflight with the allowed methods.
  return cors({ origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false) });
}

async function sendReadiness(res: ServerResponse, options: HandlerOptions): Promise<void> {
  try {
    const ready = await options.ready();
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
  } catch (error) {
    fail(res, error, options.logger);
  }
}

async function sendMetrics(res: ServerResponse, options: HandlerOptions): Promise<void> {
  try {
    const text = await options.metrics.registry.metrics();
    res.statusCode = 200;
    res.setHeader("content-type", options.metrics.registry.contentType);
    res.end(text);
  } catch (error) {
    fail(res, error, options.logger);
  }
}

/** The graphql_requests_total children, looked up once. */
interface Lanes {
  fast: { inc(): void };
  apollo: { inc(): void };
}

/**
 * The fast lane's answer, or Apollo Server's when the lane declines. The lane's promise is
 * chained rather than awaited: one promise and one generator frame less for every request it
 * answers.
 */
function serve(req: IncomingMessage, res: ServerResponse, search: string, body: unknown, options: HandlerOptions, lanes: Lanes): void {
  if (!options.fastLane) {
    void serveWithApollo(req, res, search, body, options, lanes);
    return;
  }
  let answering: Promise<HttpAnswer | null>;
  try {
    answering = options.fastLane.answer(req, body);
  } catch (error) {
    fail(res, error, options.logger);
    return;
  }
  void answering.then(
    (answer) => {
      if (!answer) return serveWithApollo(req, res, search, body, options, lanes);
      try {
        lanes.fast.inc();
        res.statusCode = answer.status;
        for (const [key, value] of answer.headers) res.setHeader(key, value);
        res.end(answer.body);
      } catch (error) {
        fail(res, error, options.logger);
      }
    },
    (error: unknown) => fail(res, error, options.logger),
  );
}

async function serveWithApollo(req: IncomingMessage, res: ServerResponse, search: string, body: unknown, options: HandlerOptions, lanes: Lanes): Promise<void> {
  try {
    lanes.apollo.inc();
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? "GET").toUpperCase(),
        headers,
        search,
        body,
      },
      context: async () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (error) {
    fail(res, error, options.logger);
  }
}

/** What body-parser parsed, if it parsed anything. */
function bodyOf(req: IncomingMessage): unknown {
  return (req as IncomingMessage & { body?: unknown }).body;
}

/** Body errors carry a status (400 malformed JSON, 413 too large, 415 charset). */
function fail(res: ServerResponse, error: unknown, logger: Logger): void {
  const status = typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 500;
  if (status >= 500) logger.error({ err: error }, "request failed");
  const message = status >= 500 ? "Internal server error" : (error as Error).message;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { errors: [{ message }] });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}
