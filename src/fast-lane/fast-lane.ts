import type { IncomingMessage } from "node:http";
import { execute, getOperationAST, type GraphQLSchema, type ValidationRule } from "graphql";
import { formatErrors, type ErrorFormatter } from "../graphql/format-errors";
import type { Admission, RequestContext } from "../graphql/request-context";
import type { HttpAnswer } from "../idempotency/http-answer";
import type { LaneCounterpart, LaneHooks, LaneRequest, LaneResponse } from "../plugins/lane-counterpart";
import { PreparedDocuments } from "./prepared-documents";

export interface FastLaneOptions {
  schema: GraphQLSchema;
  /** Our own validation rules, as Apollo Server is given them (`validationRules`). */
  validationRules: readonly ValidationRule[];
  /** Off: schema introspection is left to Apollo Server, which refuses it. */
  introspection: boolean;
  /** What Apollo Server's context function makes too: the same per-request state, for the request as the handler admitted it. */
  context: (admission: Admission) => RequestContext;
  /** The lane counterpart of every Apollo plugin the server installs (server-plugins.ts), in the order Apollo runs them. */
  counterparts: readonly LaneCounterpart[];
  formatError: ErrorFormatter;
  includeStacktrace: boolean;
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

type Decliner = Extract<LaneCounterpart, { kind: "declines" }>;

interface OperationRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/**
 * Runs the common request, a JSON POST of a document already parsed and validated, straight on
 * graphql-js, answering what Apollo Server would, byte for byte: the same context, execution,
 * error formatting and body, and the work of every Apollo plugin the server installs, as its lane
 * counterpart says. Apollo's own request pipeline costs more CPU than the rest of a removal
 * together (bench/), so it is kept for what the lane leaves it: the landing page, GET, persisted
 * queries, any document the first time it fails to parse or validate, variables that do not
 * coerce, whatever a plugin's counterpart declines, and a server shutting down. The caller has
 * been verified before the body was read (graphql-http-handler.ts), so both lanes take it as given,
 * with the ledger of a mutation sent with an Idempotency-Key.
 *
 * `answer` resolves to null, having run nothing and sent nothing upstream, whenever Apollo Server
 * is to take the request instead.
 */
export class FastLane {
  private readonly documents: PreparedDocuments;
  private readonly decliners: readonly Decliner[];
  private readonly hooks: readonly LaneHooks[];

  constructor(private readonly options: FastLaneOptions) {
    this.decliners = options.counterparts.filter((c): c is Decliner => c.kind === "declines");
    this.hooks = options.counterparts.flatMap((c) => (c.kind === "mirrors" ? [c.hooks] : []));
    this.documents = new PreparedDocuments(options.schema, {
      validationRules: options.validationRules,
      introspection: options.introspection,
      onParse: () => this.hooks.forEach((hooks) => hooks.parsingDidStart?.()),
    });
  }

  async answer(req: IncomingMessage, body: unknown, admission: Admission): Promise<HttpAnswer | null> {
    if (req.method !== "POST") return null;
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(req.headers.accept);
    const request = operationRequest(body);
    if (contentType === undefined || request === null) return null;
    const laneRequest: LaneRequest = { method: req.method, headers: req.headers, query: request.query };
    if (this.decliners.some((decliner) => decliner.declines(laneRequest))) return null;

    const document = this.documents.get(request.query);
    const operation = document && getOperationAST(document, request.operationName);
    if (!document || !operation) return null;
    const context = this.options.context(admission);
    if (this.hooks.some((hooks) => hooks.didResolveOperation?.({ document, operation, context }) === "decline")) return null;

    const result = await execute({
      schema: this.options.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    });
    // No data: the variables did not coerce, and graphql-js answered before running any resolver.
    if (result.data === undefined) return null;

    const formatted = result.errors && formatErrors(result.errors, this.options.formatError, this.options.includeStacktrace);
    const response: LaneResponse = {
      context,
      operationName: operation.name?.value ?? null,
      status: formatted?.status ?? 200,
      errors: result.errors,
      headers: new Map(formatted?.headers),
    };
    for (const hooks of this.hooks) hooks.willSendResponse?.(response);
    // As Apollo Server's runHttpQuery: the negotiated media type, unless an error or a plugin set one.
    if (!response.headers.has("content-type")) response.headers.set("content-type", contentType);
    return {
      status: response.status,
      headers: response.headers,
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
