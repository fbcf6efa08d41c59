import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Refuses an operation whose type the schema has no root for: here, any subscription, as this
 * server serves none. The GraphQL spec states it as a validation rule ("Operation Type
 * Existence"), and graphql-js 17 checks it as KnownOperationTypesRule; graphql-js 16 does not, and
 * lets `subscription { x }` through to execution, where it fails as a defect (HTTP 200 with
 * INTERNAL_SERVER_ERROR and an error-level log line). As a validation error it is the caller's
 * mistake: HTTP 400 with GRAPHQL_VALIDATION_FAILED, on both lanes.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(new GraphQLError(`This server does not serve ${operation.operation} operations.`, { nodes: [operation] }));
  },
});
