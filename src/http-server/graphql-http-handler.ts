import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from "@apollo/server";
import bodyParser from "body-parser";
import type { GraphQLError } from "graphql";
import cors from "cors";
import type { Caller } from "../auth/caller";
import type { CallerVerifier } from "../auth/verify-caller";
import { documentTooLarge } from "./document-limits";
import type { HttpAnswer } from "../idempotency/http-answer";
import { mayRunMutation } from "./operation-kind";
import { fingerprintOf, idempotencyKeyOf, recordOf } from "../idempotency/idempotency-key";
import { invalidIdempotencyKey } from "../idempotency/idempotency-refusals";
import { REPLAYED_HEADER, type IdempotentRequests } from "../idempotency/idempotent-requests";
import { persistedQueryHashMismatch } from "./persisted-query-hash";
import type { Admission, RequestContext } from "../graphql/request-context";
import type { Logger } from "../log/logger";
import { overBudget, type RequestByteBudget } from "./request-byte-budget";
import type { Metrics } from "../telemetry/metrics";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface HandlerOptions {
  apollo: ApolloServer<RequestContext>;
  /** Tried first; what it declines (null), Apollo Server runs. Null: Apollo runs every request. */
  fastLane: { answer(req: IncomingMessage, body: unknown, admission: Admission): Promise<HttpAnswer | null> } | null;
  /** Verifies the Authorization header, throwing UNAUTHENTICATED (401) to refuse; null when caller auth is off. */
  verifyCaller: CallerVerifier | null;
  /** The per-request state both lanes run an operation with, for the request as admitted here. */
  context: (admission: Admission) => RequestContext;
  logger: Logger;
  /** GraphQL request bodies are small; anything larger is abuse or a mistake. */
  bodyLimitBytes: number;
  /** Request-body bytes held at once, across every connection. */
  requestBytes: RequestByteBudget;
  /** CORS_ORIGINS: "*" for every origin, else only those listed (none when empty). */
  corsOrigins: "*" | readonly string[];
  metrics: Metrics;
  /** Runs the mutations sent with an Idempotency-Key at most once per key and caller (docs/contract.md §9). */
  idempotency: IdempotentRequests;
  /** GET /readyz: whether this instance should be sent traffic now. */
  ready: () => Promise<boolean>;
}

/**
 * A plain node:http handler in front of Apollo Server, the way Apollo's own standalone server is
 * built (cors + body-parser + executeHTTPGraphQLRequest), without a framework on the hot path.
 * GraphQL is served at / (where Sandbox opens) and /graphql; /healthz answers liveness and /readyz
 * readiness. /metrics is not here: it has a port of its own (telemetry/metrics-server.ts).
 *
 * A GraphQL request goes one way, the cheapest checks first, so that what anyone who can reach
 * the port can make the server spend is bounded (docs/contract.md §7):
 * 1. CORS, for browsers only (a preflight carries no credentials, and is answered here);
 * 2. the caller, from the Authorization header alone, once: a caller refused costs a header read
 *    and a signature check, and no body is read and no document parsed for it;
 * 3. the body, within the per-request limit and the server-wide RequestByteBudget;
 * 4. the document's length and a persisted query's hash, before either lane parses anything;
 * 5. a POST's Idempotency-Key (its shape checked with the caller, before the body is read), on a
 *    mutation: the key's record is claimed, or its answer replayed, or the request refused
 *    (IdempotentRequests);
 * 6. the fast lane, then Apollo Server, both running with the caller of step 2 and, for a keyed
 *    mutation, the ledger of its removals; what that run leaves is kept before its answer is sent.
 *
 * A key is honoured on mutations only (docs/contract.md §9): a query sent with one runs as if it had
 * none, so no caller can fill or churn the records with reads. Telling them apart parses the
 * document of a keyed request here, once more than the lanes do. A GET carries no mutation (Apollo
 * Server refuses one), so a key on it is ignored.
 */
export function createGraphqlHttpHandler(options: HandlerOptions) {
  const lanes: Lanes = { fast: options.metrics.graphqlRequests.labels("fast"), apollo: options.metrics.graphqlRequests.labels("apollo") };
  const corsMiddleware = corsFor(options.corsOrigins);
  const jsonMiddleware: Middleware = bodyParser.json({ limit: options.bodyLimitBytes });
  const serveGraphql = (req: IncomingMessage, res: ServerResponse, search: string) =>
    void admitAndServe(req, res, search, options, jsonMiddleware, lanes).catch((error: unknown) => fail(res, error, options.logger));

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
    if (pathname !== "/" && pathname !== "/graphql") {
      sendJson(res, 404, { errors: [{ message: `Not found: GraphQL is served at / and /graphql` }] });
      return;
    }

    const search = queryStart === -1 ? "" : url.slice(queryStart);
    // Only a browser sends Origin, and only a browser reads CORS headers: other callers skip the work.
    if (corsMiddleware === null || req.headers.origin === undefined) {
      serveGraphql(req, res, search);
      return;
    }
    // cors answers a preflight itself and calls back only for the requests it lets through.
    corsMiddleware(req, res, (corsError) => {
      if (corsError) return fail(res, corsError, options.logger);
      serveGraphql(req, res, search);
    });
  };
}

/** null: no CORS headers at all, so browsers refuse every cross-origin call (production's default). */
function corsFor(origins: "*" | readonly string[]): Middleware | null {
  // A browser's script may read Idempotent-Replayed only when it is exposed: it is not one of the CORS-safelisted response headers.
  const exposedHeaders = [REPLAYED_HEADER];
  if (origins === "*") return cors({ exposedHeaders });
  if (origins.length === 0) return null;
  const allowed = new Set(origins);
  // The callback form leaves a foreign origin's request without any CORS header; cors' array
  // form would still answer its preflight with the allowed methods.
  return cors({ origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false), exposedHeaders });
}

async function sendReadiness(res: ServerResponse, options: HandlerOptions): Promise<void> {
  try {
    const ready = await options.ready();
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
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
 * Checks the caller and the shape of an Idempotency-Key, reads the body within the byte budget,
 * refuses a document too long or a persisted query whose hash is not its document's, then serves
 * the rest: by the fast lane, or by Apollo Server when the lane declines (or there is none); once
 * only, for a request with a key.
 */
async function admitAndServe(req: IncomingMessage, res: ServerResponse, search: string, options: HandlerOptions, jsonMiddleware: Middleware, lanes: Lanes): Promise<void> {
  let caller: Caller | null = null;
  if (options.verifyCaller !== null) {
    try {
      caller = await options.verifyCaller(req.headers.authorization);
    } catch (refusal) {
      await refuse(req, res, { search, refusal, closeConnection: false }, options);
      return;
    }
  }
  const key = methodOf(req) === "POST" ? idempotencyKeyOf(req) : undefined;
  if (key === "invalid") {
    await refuseBeforeRunning(req, res, search, invalidIdempotencyKey(), options);
    return;
  }

  let refusedForBudget = false;
  options.requestBytes.hold(req, res, () => {
    refusedForBudget = true;
    const refusal = overBudget();
    options.metrics.requestsRefused.labels(String(refusal.extensions.code)).inc();
    // warn, not info: a spent budget refuses honest callers too, and whoever runs the server should know.
    options.logger.warn({ budgetBytes: options.requestBytes.limitBytes }, "request refused: the request-bytes budget is spent");
    // An answer already under way (a body refused for its size, still being drained) is cut short.
    if (res.headersSent) res.destroy();
    else void refuse(req, res, { search, refusal, closeConnection: true }, options);
  });
  let body: unknown;
  try {
    body = await readJsonBody(req, res, jsonMiddleware);
  } catch (bodyError) {
    // A body refused for the budget has been answered already; reading it then fails as its connection closes.
    if (!refusedForBudget) fail(res, bodyError, options.logger);
    return;
  }
  if (refusedForBudget) return;

  const { query, extensions } = operationFields(req, body, search);
  const refusal = documentTooLarge(query) ?? persistedQueryHashMismatch(query, extensions);
  if (refusal) {
    await refuseBeforeRunning(req, res, search, refusal, options);
    return;
  }

  const run = (admission: Admission) => runOperation(req, res, search, body, admission, options, lanes);
  if (key === undefined || !mayRunMutation(body)) {
    const answer = await run({ caller, ledger: null });
    if (answer) writeAnswer(res, answer);
    return;
  }
  const outcome = await options.idempotency.serve(recordOf(caller?.subject ?? null, key), fingerprintOf(body), (ledger) => run({ caller, ledger }));
  if (outcome.kind === "refused") {
    // Counted by idempotent_requests_total, by outcome.
    options.logger.info({ code: String(outcome.refusal.extensions.code) }, "request refused");
    await refuse(req, res, { search, refusal: outcome.refusal, closeConnection: false }, options);
    return;
  }
  if (outcome.kind === "replayed") options.logger.info("request answered with the stored answer of its Idempotency-Key: nothing ran");
  if (outcome.answer) writeAnswer(res, outcome.answer);
}

/** A refusal of the request itself, counted and logged by its code. */
async function refuseBeforeRunning(req: IncomingMessage, res: ServerResponse, search: string, refusal: GraphQLError, options: HandlerOptions): Promise<void> {
  const code = String(refusal.extensions.code);
  options.metrics.requestsRefused.labels(code).inc();
  options.logger.info({ code }, "request refused");
  await refuse(req, res, { search, refusal, closeConnection: false }, options);
}

/**
 * Runs the operation on the fast lane, or on Apollo Server when the lane declines, and returns its
 * complete answer, to be written (and kept, for a request with an Idempotency-Key). An answer
 * Apollo streams (incremental delivery) is written here as it comes, and null returned: it has no
 * one body to keep.
 */
async function runOperation(
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  body: unknown,
  admission: Admission,
  options: HandlerOptions,
  lanes: Lanes,
): Promise<HttpAnswer | null> {
  const answer = options.fastLane && (await options.fastLane.answer(req, body, admission));
  if (answer) {
    lanes.fast.inc();
    return answer;
  }
  lanes.apollo.inc();
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: methodOf(req), headers: headersOf(req), search, body },
    context: async () => options.context(admission),
  });
  if (response.body.kind === "complete") return { status: response.status ?? 200, headers: response.headers, body: response.body.string };
  await writeResponse(res, response);
  return null;
}

function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.end(answer.body);
}

/**
 * The body as body-parser's json() parses it (nothing for a GET or a body of another type, which
 * Apollo Server then refuses); rejects with body-parser's error, whose status says why (400
 * malformed JSON, 413 too large, 415 charset).
 */
function readJsonBody(req: IncomingMessage, res: ServerResponse, jsonMiddleware: Middleware): Promise<unknown> {
  return new Promise((resolve, reject) => jsonMiddleware(req, res, (error) => (error ? reject(error) : resolve(bodyOf(req)))));
}

/** The document and extensions as Apollo Server reads them: a GET's from its search, any other's from its JSON body. */
function operationFields(req: IncomingMessage, body: unknown, search: string): { query?: unknown; extensions?: unknown } {
  if (req.method === "GET") {
    const params = new URLSearchParams(search);
    let extensions: unknown;
    try {
      extensions = JSON.parse(params.get("extensions") ?? "null");
    } catch {
      // Apollo Server answers malformed extensions itself.
    }
    return { query: params.get("query") ?? undefined, extensions };
  }
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A refusal made before any operation runs, and how to answer it. */
interface Refusal {
  search: string;
  /** A GraphQLError whose extensions carry its code and HTTP status; anything else is a defect, and masked. */
  refusal: unknown;
  /** Close the connection after the answer, rather than read what is left of the body. */
  closeConnection: boolean;
}

/**
 * Answers a refusal as Apollo Server answers a context function that throws (its errorResponse:
 * the status and headers from the error's `extensions.http`, the media type negotiated from
 * Accept, `formatError` applied), so a refused request reads like any other error of this server.
 * Apollo gets no body and parses nothing: before the context it only serves the landing page to a
 * browser's GET (which needs no caller, as before) and applies CSRF prevention.
 */
async function refuse(req: IncomingMessage, res: ServerResponse, { search, refusal, closeConnection }: Refusal, options: HandlerOptions): Promise<void> {
  try {
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: methodOf(req), headers: headersOf(req), search, body: undefined },
      context: () => Promise.reject(refusal),
    });
    if (closeConnection) res.setHeader("connection", "close");
    await writeResponse(res, response);
  } catch (error) {
    fail(res, error, options.logger);
  }
}

function methodOf(req: IncomingMessage): string {
  return (req.method ?? "GET").toUpperCase();
}

function headersOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** What body-parser parsed, if it parsed anything. */
function bodyOf(req: IncomingMessage): unknown {
  return (req as IncomingMessage & { body?: unknown }).body;
}

/** Body errors carry a status (400 malformed JSON, 413 too large, 415 charset). */
function fail(res: ServerResponse, error: unknown, logger: Logger): void {
  // Anything may be thrown, null included: only an error that carries a status is the client's fault.
  const fields = typeof error === "object" && error !== null ? (error as { status?: unknown; message?: unknown }) : {};
  const status = typeof fields.status === "number" ? fields.status : 500;
  if (status >= 500) logger.error({ err: error }, "request failed");
  const message = status >= 500 ? "Internal server error" : String(fields.message ?? "Bad request");
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
