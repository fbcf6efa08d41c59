import { readFileSync } from "node:fs";
import { join } from "node:path";
import { composeServices } from "@apollo/composition";
import { parse, printSchema } from "graphql";
import { buildFacadeSchema } from "./schema";
import { sortSdl } from "./sort-sdl";

/** schema/ at the repository root, from src/graphql (ts-jest) and dist/graphql (`npm run schema:write`) alike. */
export const SCHEMA_DIRECTORY = join(__dirname, "..", "..", "schema");

/**
 * Routing URLs recorded in the checked-in supergraph. A company composes its own supergraph with
 * its own URLs (`npm run supergraph` reads them from the environment, through
 * federation/supergraph.yaml, whose defaults are these: test/federation/gateway-files.test.ts holds
 * the two equal); these only make the file complete. The directory is the tests' companion
 * subgraph, served in process or by the test, never at this URL.
 */
const SUBGRAPH_URLS = { membership: "http://127.0.0.1:4000/", directory: "http://127.0.0.1:4001/" } as const;

export interface Composition {
  /** The supergraph SDL (join spec) a gateway or router is started with. */
  supergraphSdl: string;
  /** What clients see through the gateway: federation machinery removed, sorted like subgraph.graphql. */
  apiSdl: string;
  /** Composition's advice (not errors), by hint code. */
  hints: readonly { code: string; message: string }[];
}

/** The companion subgraph's SDL, checked in as data: schema/directory.graphql. */
export function readDirectorySdl(): string {
  return readFileSync(join(SCHEMA_DIRECTORY, "directory.graphql"), "utf8");
}

/** Composes our subgraph with the companion, as a federated deployment would (docs/contract.md §6). */
export function composeWithDirectory(membershipSdl: string, directorySdl: string): Composition {
  const result = composeServices([
    { name: "membership", url: SUBGRAPH_URLS.membership, typeDefs: parse(membershipSdl) },
    { name: "directory", url: SUBGRAPH_URLS.directory, typeDefs: parse(directorySdl) },
  ]);
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: sortSdl(printSchema(result.schema.toAPISchema().toGraphQLJSSchema())),
    hints: result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message })),
  };
}

/** Every generated file of schema/, by name, exactly as the code produces it. */
export async function buildSchemaFiles(): Promise<Record<"subgraph.graphql" | "supergraph.graphql" | "api.graphql", string>> {
  const { sdl } = await buildFacadeSchema();
  const { supergraphSdl, apiSdl } = composeWithDirectory(sdl, readDirectorySdl());
  return { "subgraph.graphql": sdl, "supergraph.graphql": `${supergraphSdl}\n`, "api.graphql": apiSdl };
}
