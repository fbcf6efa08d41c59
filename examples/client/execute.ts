import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

export interface ExecuteOptions {
  /** The caller's bearer JWT, when the server checks callers (AUTH_JWKS_URL or AUTH_JWT_SECRET). */
  token?: string;
  /**
   * Sent as the Idempotency-Key header: the server runs the request once for this key, and answers
   * a repeat with the same body with the first answer (docs/contract.md §9). One key per intended
   * operation, reused only to retry it.
   */
  idempotencyKey?: string;
}

/** The data, and whether the server replayed an answer it gave before to the same Idempotency-Key. */
export interface Answer<TResult> {
  data: TResult;
  replayed: boolean;
}

/** The server refused the request itself: nothing in it ran. `code` is the top-level error's (IDEMPOTENCY_KEY_IN_USE, SERVICE_UNAVAILABLE, …). */
export class RequestRefusedError extends Error {
  override readonly name = "RequestRefusedError";

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    messages: string,
  ) {
    super(`The server refused the request (HTTP ${status}): ${messages}`);
  }
}

/**
 * POSTs a typed document and returns its data. Every answer of a provider is in the data; a
 * top-level error means the request itself was refused (malformed input, not signed in, more refs
 * than the server's cap), so it throws.
 */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: ExecuteOptions = {},
): Promise<TResult> {
  return (await executeAnswer(url, document, variables, options)).data;
}

/** As `execute`, telling also whether the answer was replayed (Idempotent-Replayed: true). */
export async function executeAnswer<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: ExecuteOptions = {},
): Promise<Answer<TResult>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.idempotencyKey === undefined ? {} : { "idempotency-key": options.idempotencyKey }),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TResult>;
  if (!body.data) {
    const code = body.errors?.[0]?.extensions?.code;
    throw new RequestRefusedError(response.status, typeof code === "string" ? code : undefined, body.errors?.map((e) => e.message).join("; ") ?? "");
  }
  return { data: body.data, replayed: response.headers.get("idempotent-replayed") === "true" };
}
