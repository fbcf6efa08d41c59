import { GraphQLError } from "graphql";
import type { ErrorFormatter } from "../graphql/format-errors";

/** Both caps' code: the document is refused for its size, whichever measure it is over. */
const DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE";

/**
 * Tokens a document may hold (graphql-js's `maxTokens`, given to Apollo Server's `parseOptions`
 * and to the fast lane's parse alike). Validation time grows with the square of the fields that
 * share a response name, so the token count, not the byte count, is what bounds a document's
 * cost: bench/document-cost.ts builds the costliest documents it knows under these caps, and at
 * 500 tokens none takes more than a few milliseconds to parse and validate, where at 1,000 one
 * takes eight times as long. The biggest documents this server is sent are well below it:
 * graphql-js's full introspection query, which Sandbox and codegen send, is 184 tokens; the
 * example client's removal 86; the tests' largest 118.
 */
export const MAX_DOCUMENT_TOKENS = 500;

/**
 * Characters a document may hold. Comments and whitespace are not tokens, so without this a
 * 1 MB body could be one short query and a megabyte of comment for the lexer and the hash. 16 KiB
 * is some thirty characters for each token allowed, and every document within it can take the
 * fast lane.
 */
export const MAX_DOCUMENT_LENGTH = 16 * 1024;

/** Null when the request's document is within MAX_DOCUMENT_LENGTH (or there is none). */
export function documentTooLarge(query: unknown): GraphQLError | null {
  if (typeof query !== "string" || query.length <= MAX_DOCUMENT_LENGTH) return null;
  return new GraphQLError(`The document is ${query.length} characters long; at most ${MAX_DOCUMENT_LENGTH} are accepted. Nothing was run.`, {
    extensions: { code: DOCUMENT_TOO_LARGE, maxLength: MAX_DOCUMENT_LENGTH, http: { status: 400 } },
  });
}

/** graphql-js's message when a document is over `maxTokens` (16.x spells it "more that"). */
const OVER_MAX_TOKENS = /^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/;

/**
 * graphql-js refuses a document over `maxTokens` as a syntax error, which Apollo Server answers
 * with GRAPHQL_PARSE_FAILED (HTTP 400), as if the document were malformed. Formatted here with the
 * code and message a document over the length cap gets, so a client can tell "too large" from
 * "not GraphQL"; every other error passes to `next` as it came.
 */
export function withDocumentTooLargeCode(next: ErrorFormatter): ErrorFormatter {
  return (formatted, error) => {
    if (formatted.extensions?.code !== "GRAPHQL_PARSE_FAILED" || !OVER_MAX_TOKENS.test(formatted.message)) return next(formatted, error);
    return next(
      {
        ...formatted,
        message: `The document holds more than ${MAX_DOCUMENT_TOKENS} tokens, the most accepted. Nothing was run.`,
        extensions: { ...formatted.extensions, code: DOCUMENT_TOO_LARGE, maxTokens: MAX_DOCUMENT_TOKENS },
      },
      error,
    );
  };
}
