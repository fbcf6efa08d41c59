import { DocumentNode, Kind, parse, print, type DefinitionNode } from "graphql";

type Named = { readonly name: { readonly value: string } };
const byName = <T extends Named>(a: T, b: T) => a.name.value.localeCompare(b.name.value);
const sorted = <T extends Named>(nodes: readonly T[] | undefined) => (nodes ? [...nodes].sort(byName) : nodes);

function rank(definition: DefinitionNode): number {
  if (definition.kind === Kind.SCHEMA_EXTENSION) return 0;
  if (definition.kind === Kind.SCHEMA_DEFINITION) return 1;
  if (definition.kind === Kind.DIRECTIVE_DEFINITION) return 2;
  return 3;
}

function nameOf(definition: DefinitionNode): string {
  return "name" in definition && definition.name ? definition.name.value : "";
}

function sortDefinition(definition: DefinitionNode): DefinitionNode {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
      return { ...definition, fields: sorted(definition.fields), interfaces: sorted(definition.interfaces) };
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      return { ...definition, fields: sorted(definition.fields) };
    case Kind.ENUM_TYPE_DEFINITION:
      return { ...definition, values: sorted(definition.values) };
    case Kind.UNION_TYPE_DEFINITION:
      return { ...definition, types: sorted(definition.types) };
    default:
      return definition;
  }
}

/**
 * Sorts definitions, fields, enum values and union members so the checked-in SDL diffs cleanly,
 * but keeps field arguments in declared order: graphql-js's lexicographicSortSchema would print
 * removeUserFromGroup(groupId, provider, userRef), and the contract fixes (provider, groupId, userRef).
 */
export function sortSdl(sdl: string): string {
  const document: DocumentNode = parse(sdl);
  const definitions = [...document.definitions]
    .sort((a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)))
    .map(sortDefinition);
  return `${print({ ...document, definitions })}\n`;
}
