import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type SelectionSetNode,
} from "graphql";

/**
 * What one root field adds to a total: a number, or a function of its arguments as graphql-js
 * coerces them. A number spares the field's arguments a second coercion (a single removal's
 * UserRef), which every removal would pay.
 */
export type FieldCost = number | ((args: Record<string, unknown>) => number);

/**
 * The sum of `costs` over every root field the operation runs, read from the whole document and
 * its variables, so any resolver can know it before the first field sends anything. Counted as
 * graphql-js collects root fields: every alias, fragments and inline fragments followed, a field
 * under `@skip(if: true)` or `@include(if: false)` left out, and fields sharing a response key
 * (which graphql-js runs once) counted once.
 */
export function operationTotal(info: GraphQLResolveInfo, costs: ReadonlyMap<string, FieldCost>): number {
  const root = info.schema.getRootType(info.operation.operation);
  if (!root) return 0;
  const definitions = root.getFields();
  let total = 0;
  for (const node of rootFields(info).values()) {
    const cost = costs.get(node.name.value);
    const definition = definitions[node.name.value];
    if (typeof cost === "number") total += cost;
    else if (cost && definition) total += cost(argumentsOf(definition, node, info.variableValues));
  }
  return total;
}

/** The operation's root fields by response key. */
function rootFields(info: GraphQLResolveInfo): Map<string, FieldNode> {
  const fields = new Map<string, FieldNode>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!fields.has(key)) fields.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (fragment && !visited.has(name)) {
          visited.add(name);
          collect(fragment.selectionSet);
        }
      }
    }
  };
  collect(info.operation.selectionSet);
  return fields;
}

function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, variables: GraphQLResolveInfo["variableValues"]): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

type FieldDefinition = Parameters<typeof getArgumentValues>[0];

/**
 * A field whose arguments do not coerce is refused by graphql-js before its resolver runs, so it
 * sends nothing and adds nothing to the total.
 */
function argumentsOf(definition: FieldDefinition, node: FieldNode, variables: GraphQLResolveInfo["variableValues"]): Record<string, unknown> {
  try {
    return getArgumentValues(definition, node, variables);
  } catch {
    return {};
  }
}
