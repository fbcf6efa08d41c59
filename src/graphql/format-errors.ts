import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "../log/logger";

/** Apollo Server's `formatError` signature. */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

const MASKED: GraphQLFormattedError = { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };

/**
 * Provider answers are union members; a top-level error from a resolver is a defect, and its
 * message may carry internals, so it is masked (docs/contract.md §1). What Apollo could not classify (a
 * plugin's or the context's own failure) is a defect too.
 */
export function maskDefects(logger: Logger): ErrorFormatter {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (original !== error && !(original instanceof GraphQLError)) {
      logger.error({ err: original }, "resolver defect");
      return MASKED;
    }
    if (formatted.extensions?.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ err: error }, "request defect");
      return MASKED;
    }
    return formatted;
  };
}

/** Errors as a response carries them, and what their `extensions.http` asked of the response. */
export interface FormattedErrors {
  errors: GraphQLFormattedError[];
  /** Undefined when no error set one. */
  status: number | undefined;
  headers: Map<string, string>;
}

/**
 * What Apollo Server 5 does to errors before it sends them (normalizeAndFormatErrors, which it
 * does not export), for the fast lane's answers to be byte for byte Apollo's: a missing code
 * becomes INTERNAL_SERVER_ERROR, `extensions.http` moves onto the response, the stack is added
 * outside production, then `formatError` runs; if that throws, the error is masked.
 * test/e2e/fast-lane.test.ts holds the two side by side.
 */
export function formatErrors(errors: readonly GraphQLError[], formatError: ErrorFormatter, includeStacktrace: boolean): FormattedErrors {
  const result: FormattedErrors = { errors: [], status: undefined, headers: new Map() };
  const enrich = (error: GraphQLError): GraphQLFormattedError => {
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? "INTERNAL_SERVER_ERROR" };
    const http = extensions.http;
    // Apollo's isPartialHTTPGraphQLHead and mergeHTTPGraphQLHead, to the letter.
    if (typeof http === "object" && http !== null && (!("status" in http) || typeof http.status === "number") && (!("headers" in http) || http.headers instanceof Map)) {
      if ("status" in http && http.status) result.status = http.status as number;
      if ("headers" in http) for (const [name, value] of http.headers as Map<string, string>) result.headers.set(name, value);
      delete extensions.http;
    }
    if (includeStacktrace) extensions.stacktrace = error.stack?.split("\n");
    return { ...error.toJSON(), extensions };
  };
  for (const error of errors) {
    try {
      result.errors.push(formatError(enrich(error), error));
    } catch (formattingError) {
      result.errors.push(includeStacktrace ? enrich(asGraphQLError(formattingError)) : MASKED);
    }
  }
  return result;
}

/** Apollo Server's ensureGraphQLError: what is not a GraphQLError is wrapped, its message prefixed. */
export function asGraphQLError(error: unknown, messagePrefix = ""): GraphQLError {
  if (!(error instanceof Error)) return new GraphQLError(`Unexpected error value: ${String(error)}`);
  return error instanceof GraphQLError ? error : new GraphQLError(messagePrefix + error.message, { originalError: error });
}
