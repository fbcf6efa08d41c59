import type { GraphQLError } from "graphql";
import type { RemovalRecord } from "../graphql/request-context";

/**
 * The operation names graphql_request_duration_seconds gives series of their own: the operations
 * this project ships, the example client's documents (examples/client/*.graphql, listed in
 * examples/client/generated/persisted-documents.json) and the start banner's example. A name is
 * whatever the caller wrote, and every new label value is a series Prometheus keeps, so any other
 * name is counted as `other`; test/plugins/request-duration-labels.test.ts fails when the
 * client's documents and this list part.
 */
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([
  "RemoveUserFromGroup",
  "RemoveUsersFromGroup",
  "StartBulkRemoval",
  "BulkRemovalProgress",
  "BulkRemovalResults",
  "RemoveDemoUser",
]);

/** A request whose operation has no name. */
export const ANONYMOUS_OPERATION = "anonymous";
/** A named operation that is not one of KNOWN_OPERATIONS. */
export const OTHER_OPERATION = "other";

/**
 * What a gateway appends to a client's operation name in the query it plans for one subgraph
 * (`RemoveUserFromGroup__membership__0`, Apollo Gateway and Router alike), so a removal through a
 * gateway is counted under the client's own name.
 */
const GATEWAY_SUFFIX = /__[A-Za-z0-9_]+?__\d+$/;

/** The `operation` label: a known name, `anonymous`, or `other`; never the caller's text itself. */
export function operationLabel(operationName: string | null | undefined): string {
  if (!operationName) return ANONYMOUS_OPERATION;
  const name = operationName.replace(GATEWAY_SUFFIX, "");
  return KNOWN_OPERATIONS.has(name) ? name : OTHER_OPERATION;
}

/** The `result` label values that are not a removal's __typename. */
export const RequestResult = {
  /** More than one removal (removeUsersFromGroup, or aliases): their results are in membership_removal_results_total. */
  severalRemovals: "several_removals",
  /** No removal ran, and the answer carries top-level errors (refused, invalid, a defect). */
  error: "error",
  /** No removal ran, and nothing went wrong (a query, a job started or read). */
  noRemoval: "no_removal",
} as const;

/**
 * The `result` label: a single removal's union __typename (a class of this server, so a bounded
 * set), else one of RequestResult.
 */
export function resultLabel(removals: readonly RemovalRecord[] | undefined, errors: readonly GraphQLError[] | undefined): string {
  if (removals && removals.length === 1) return (removals[0] as RemovalRecord).result;
  if (removals && removals.length > 1) return RequestResult.severalRemovals;
  return errors && errors.length > 0 ? RequestResult.error : RequestResult.noRemoval;
}
