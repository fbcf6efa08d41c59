import { defaultFieldResolver, GraphQLError, OperationTypeNode, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { operationTotal, type FieldCost } from "./operation-total";
import type { RequestContext } from "./request-context";

/**
 * Representations one request may ask `_entities` for. Each can cost an upstream read, so one
 * request of 8,000 made 1,280 of them. A gateway sends a subgraph one `_entities` call per step of
 * its query plan, holding the distinct entities of that step. A page of 100 rows (the most
 * GitHub's GraphQL API serves per page) naming a User and a Group each is 200 representations;
 * 500 fits such a page naming five entities per row.
 */
export const MAX_ENTITY_REPRESENTATIONS = 500;

/** A limit on what one request asks for, summed over every root field and alias that asks. */
interface RequestCap {
  operation: OperationTypeNode;
  /** The capped root fields, and what each one asks for. */
  costs: ReadonlyMap<string, FieldCost>;
  limit(context: RequestContext): number;
  refusal(total: number, limit: number): GraphQLError;
}

const lengthOf =
  (argument: string): FieldCost =>
  (args: Record<string, unknown>) => {
    const list = args[argument];
    // A single value where a list is expected is coerced to a list by graphql-js already.
    return Array.isArray(list) ? list.length : 0;
  };

/**
 * docs/contract.md §7: refs are capped per request, not per field. With a per-field cap, 15 aliases over
 * one 1,000-ref variable sent 15,001 DELETEs; single removals count too, one ref each.
 */
const REFS_PER_REQUEST: RequestCap = {
  operation: OperationTypeNode.MUTATION,
  costs: new Map([
    ["removeUsersFromGroup", lengthOf("userRefs")],
    ["removeUserFromGroup", 1],
  ]),
  // Every provider's limiter is built from the one BULK_MAX_REFS; the smallest holds should they ever differ.
  limit: (context) => Math.min(...Array.from(context.providers.values(), (provider) => provider.bulk.maxRefs)),
  refusal: (total, limit) =>
    new GraphQLError(
      `This request names ${total} refs across its removal fields; at most ${limit} are accepted per request (BULK_MAX_REFS), counted over every field and alias together. Nothing was sent. Split the list over several requests.`,
      { extensions: { code: "BAD_USER_INPUT", maxRefs: limit } },
    ),
};

/**
 * docs/contract.md §8: a job holds at most BULK_JOB_MAX_REFS refs, more is refused and nothing queued.
 * Counted over every startBulkRemoval field and alias of the request, as REFS_PER_REQUEST counts
 * removals: aliases over one variable would otherwise queue the cap many times over. Jobs have
 * this cap of their own and are not counted against BULK_MAX_REFS, which bounds what one request
 * sends while it is open.
 */
const JOB_REFS_PER_REQUEST: RequestCap = {
  operation: OperationTypeNode.MUTATION,
  costs: new Map([["startBulkRemoval", lengthOf("userRefs")]]),
  limit: (context) => context.bulkJobs.maxRefs,
  refusal: (total, limit) =>
    new GraphQLError(
      `This request names ${total} refs across its startBulkRemoval fields; at most ${limit} are accepted (BULK_JOB_MAX_REFS), counted over every field and alias together. Nothing was queued. Split the list over several jobs.`,
      { extensions: { code: "BAD_USER_INPUT", maxRefs: limit } },
    ),
};

const REPRESENTATIONS_PER_REQUEST: RequestCap = {
  operation: OperationTypeNode.QUERY,
  costs: new Map([["_entities", lengthOf("representations")]]),
  limit: () => MAX_ENTITY_REPRESENTATIONS,
  refusal: (total, limit) =>
    new GraphQLError(
      `This request asks _entities for ${total} representations; at most ${limit} are accepted per request. Nothing was read. Split them over several requests.`,
      { extensions: { code: "BAD_USER_INPUT", maxRepresentations: limit } },
    ),
};

/**
 * Puts the request caps in front of the capped root fields' resolvers, in the schema itself, so
 * they hold on every path that executes it (Apollo Server and the fast lane alike).
 *
 * All or nothing: the first capped field to run counts the whole operation (document and
 * variables) and, over the limit, refuses before anything is sent; every other capped field of
 * the request reads the same verdict. Mutation fields run one after another, so a check of each
 * field's own share would have let the first fields run before a later one was refused. The
 * fields are non-null, so graphql-js runs no further root field once one is refused.
 */
export function withRequestCaps(schema: GraphQLSchema): GraphQLSchema {
  for (const cap of [REFS_PER_REQUEST, JOB_REFS_PER_REQUEST, REPRESENTATIONS_PER_REQUEST]) {
    const root = schema.getRootType(cap.operation);
    // One per cap, shared by its fields, so a request is counted once whichever field runs first.
    const verdicts = new WeakMap<RequestContext, Verdict>();
    for (const name of cap.costs.keys()) {
      const field = root?.getFields()[name];
      if (!field) throw new Error(`The schema has no ${cap.operation} field ${name} to cap`);
      field.resolve = capped(cap, verdicts, field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}

/** What a request's capped fields ask for in total, counted once per request. */
interface Verdict {
  /** The execution it was counted for: a context that ran a second operation is counted again. */
  variables: GraphQLResolveInfo["variableValues"];
  total: number;
  limit: number;
}

function capped(
  cap: RequestCap,
  verdicts: WeakMap<RequestContext, Verdict>,
  resolve: GraphQLFieldResolver<unknown, RequestContext>,
): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args, context, info) => {
    let verdict = verdicts.get(context);
    if (verdict?.variables !== info.variableValues) {
      verdict = { variables: info.variableValues, total: operationTotal(info, cap.costs), limit: cap.limit(context) };
      verdicts.set(context, verdict);
    }
    // Refused whole rather than cut: a caller must not have to guess which refs were left out.
    if (verdict.total > verdict.limit) throw cap.refusal(verdict.total, verdict.limit);
    return resolve(source, args, context, info);
  };
}
