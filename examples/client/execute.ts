import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: { message: string }[];
}

export interface ExecuteOptions {
  /** The caller's bearer JWT, when the server checks callers (AUTH_JWKS_URL or AUTH_JWT_SECRET). */
  token?: string;
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
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TResult>;
  if (!body.data) {
    throw new Error(`The server refused the request (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join("; ")}`);
  }
  return body.data;
}
