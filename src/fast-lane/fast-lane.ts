import type { IncomingMessage } from "node:http";
import { execute, getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { Caller } from "../auth/caller";
import { scopeRefusal } from "../plugins/require-scope.plugin";
import type { RequestLog } from "../telemetry/request-log";
import { formatErrors, type ErrorFormatter } from "../graphql/format-errors";
import type { PreparedDocuments } from "./prepared-documents";
import type { RequestContext } from "../graphql/request-context";

/** An HTTP answer, written by the handler as it writes Apollo Server's. */
export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: ReadonlyMap<string, string>;
  body: string;
}

export interface FastLaneOptions {
  schema: GraphQLSchema;
  documents: PreparedDocuments;
  /** What Apollo Server's context function makes too: the same per-request state, for the caller already verified. */
  context: (caller: Caller | null) => RequestContext;
  /** AUTH_REQUIRED_SCOPE when caller auth is on, else null. */
  requiredScope: string | null;
  /** TRUSTED_DOCUMENTS_ONLY: the manifest's documents; only these take the lane. Null: any document. */
  trustedSources: ReadonlySet<string> | null;
  formatError: ErrorFormatter;
  includeStacktrace: boolean;
  requestLog: RequestLog;
}

const JSON_TYPE = "application/json; charset=utf-8";
const GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json; charset=utf-8";

/**
 * The Accept headers clients send most, and the media type Apollo Server's negotiation picks for
 * each (test/e2e/fast-lane.test.ts checks every row against Apollo). Any other Accept is Apollo's
 * to negotiate.
 */
const CONTENT_TYPE_BY_ACCEPT: ReadonlyMap<string | undefined, string> = new Map([
  [undefined, JSON_TYPE],
  ["", JSON_TYPE],
  ["*/*", JSON_TYPE],
  ["application/json", JSON_TYPE],
  ["application/graphql-response+json", GRAPHQL_RESPONSE_TYPE],
  ["application/graphql-response+json, application/json", GRAPHQL_RESPONSE_TYPE],
  ["application/graphql-response+json,application/json;q=0.9", GRAPHQL_RESPONSE_TYPE],
]);

/** A gateway asking for a federated trace: Apollo Server's inline-trace plugin answers that. */
const TRACE_HEADER = "apollo-federation-include-trace";

/** What the lane answers when Apollo Server is to take the request: one promise, shared. */
const DECLINED: Promise<null> = Promise.resolve(null);

interface OperationRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** A request the lane has taken: its caller, its prepared operation and the media type to answer in. */
interface Call {
  context: RequestContext;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  request: OperationRequest;
  contentType: string;
}

/**
 * Runs the common request, a JSON POST of a document already parsed and validated, straight on
 * graphql-js, answering what Apollo Server would, byte for byte: the same context, scope check,
 * execution, error formatting, audit line and body. Apollo's own request pipeline (negotiation,
 * hashing, plugin hooks; about 65 µs of CPU per request here, more than everything else a removal
 * costs this server) stays for the rest: the landing page, GET, persisted queries, tracing, any
 * document the first time it fails to parse or validate, variables that do not coerce, a caller
 * without the scope, and a server shutting down. The caller has been verified before the body was
 * read (graphql-http-handler.ts), so both lanes take it as given.
 *
 * `answer` resolves to null, having run nothing and sent nothing upstream, whenever Apollo Server
 * is to take the request instead.
 */
export class FastLane {
  constructor(private readonly options: FastLaneOptions) {}

  answer(req: IncomingMessage, body: unknown, caller: Caller | null): Promise<HttpAnswer | null> {
    if (req.method !== "POST" || req.headers[TRACE_HEADER] !== undefined) return DECLINED;
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(req.headers.accept);
    const request = operationRequest(body);
    if (contentType === undefined || request === null) return DECLINED;
    const { trustedSources } = this.options;
    if (trustedSources !== null && !trustedSources.has(request.query)) return DECLINED;
    const document = this.options.documents.get(request.query);
    const operation = document && getOperationAST(document, request.operationName);
    if (!document || !operation) return DECLINED;
    return this.run({ context: this.options.context(caller), document, operation, request, contentType });
  }

  /** Runs an operation for a caller already checked. */
  private run(call: Call): Promise<HttpAnswer | null> {
    const { requiredScope } = this.options;
    if (requiredScope !== null && scopeRefusal(call.document, call.operation, call.context.caller, requiredScope)) return DECLINED;
    const result = execute({
      schema: this.options.schema,
      document: call.document,
      variableValues: call.request.variables,
      operationName: call.request.operationName,
      contextValue: call.context,
    });
    return Promise.resolve(result).then((executed) => this.toAnswer(executed, call));
  }

  private toAnswer(result: ExecutionResult, { context, operation, contentType }: Call): HttpAnswer | null {
    // No data: the variables did not coerce, and graphql-js answered before running any resolver.
    if (result.data === undefined) return null;

    const formatted = result.errors && formatErrors(result.errors, this.options.formatError, this.options.includeStacktrace);
    const status = formatted?.status ?? 200;
    this.options.requestLog.record(context, operation.name?.value ?? null, status, result.errors);
    return {
      status,
      headers: withContentType(formatted?.headers, contentType),
      // Apollo Server's field order (errors, data, extensions) and its closing newline.
      body: `${JSON.stringify({ errors: formatted?.errors, data: result.data, extensions: result.extensions })}\n`,
    };
  }
}

/** The checks Apollo Server makes of a POST body (runHttpQuery); a body that fails any is Apollo's to refuse. */
function operationRequest(body: unknown): OperationRequest | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  // Persisted queries and anything else a client asks through extensions are Apollo Server's.
  if ("extensions" in body) return null;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string" || query === "") return null;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
}

/** The headers of an answer whose errors set none, one map per media type. */
const PLAIN_HEADERS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  [JSON_TYPE, GRAPHQL_RESPONSE_TYPE].map((type) => [type, new Map([["content-type", type]])]),
);

function withContentType(headers: ReadonlyMap<string, string> | undefined, contentType: string): ReadonlyMap<string, string> {
  if (headers === undefined || headers.size === 0) return PLAIN_HEADERS.get(contentType) as ReadonlyMap<string, string>;
  const all = new Map(headers);
  if (!all.has("content-type")) all.set("content-type", contentType);
  return all;
}
