import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";

/**
 * Today the schema's own types nest a few levels and only introspection's recurse (graphql-js's
 * MaxIntrospectionDepthRule bounds just its `fields`/`interfaces`/`possibleTypes` chains); this
 * bounds every operation, whatever the schema grows into. graphql-js 16's full introspection
 * query (what Sandbox and codegen send) is 15 levels deep; 20 leaves room for a variant of it.
 */
export const MAX_QUERY_DEPTH = 20;
/** Aliases let one request repeat a field, and so repeat its upstream calls; removeUsersFromGroup is the way to remove many. */
export const MAX_ALIASES = 15;

/**
 * Refuses operations nested deeper than `maxDepth` fields. Each fragment's depth is computed once,
 * so a document that spreads fragments within fragments costs linear time, not exponential.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragmentDepths = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, context, fragmentDepths, new Set());
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`The operation nests ${depth} levels of fields; at most ${maxDepth} are accepted.`, { nodes: [operation] }));
        }
      },
    };
  };
}

function depthOf(selectionSet: SelectionSetNode, context: ValidationContext, fragmentDepths: Map<string, number>, visiting: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth: number;
    if (selection.kind === Kind.FIELD) {
      depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet, context, fragmentDepths, visiting) : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, context, fragmentDepths, visiting);
    } else {
      const name = selection.name.value;
      const known = fragmentDepths.get(name);
      const fragment = context.getFragment(name);
      // A cycle or an unknown fragment is reported by graphql-js's own rules; it adds no depth here.
      if (known !== undefined || !fragment || visiting.has(name)) {
        depth = known ?? 0;
      } else {
        visiting.add(name);
        depth = depthOf(fragment.selectionSet, context, fragmentDepths, visiting);
        visiting.delete(name);
        fragmentDepths.set(name, depth);
      }
    }
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Refuses documents with more than `maxAliases` aliased fields. */
export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias && ++aliases === maxAliases + 1) {
          context.reportError(new GraphQLError(`The document uses more than ${maxAliases} aliases.`, { nodes: [field] }));
        }
      },
    };
  };
}
