import { Kind, parse, print, type DefinitionNode } from "graphql";
import { sortSdl } from "../../src/graphql/sort-sdl";

/** Definitions @apollo/subgraph adds to every subgraph: not ours, so not in schema/. */
const FEDERATION_OWN = /^(link|key|federation__.*|link__.*|_Any|_Service|_Entity|_FieldSet)$/;

function isOurs(definition: DefinitionNode): boolean {
  if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) return false;
  return !("name" in definition && definition.name && FEDERATION_OWN.test(definition.name.value));
}

/**
 * An SDL reduced to what this project defines, sorted: comparable between `_service { sdl }`
 * (which prints federation's own definitions too) and the checked-in schema/subgraph.graphql.
 */
export function ownDefinitions(sdl: string): string {
  const document = parse(sdl);
  const definitions = document.definitions.filter(isOurs).map((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === "Query"
      ? { ...definition, fields: definition.fields?.filter((f) => !f.name.value.startsWith("_")) }
      : definition,
  );
  return sortSdl(print({ ...document, definitions }));
}
