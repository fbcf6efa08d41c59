import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchemaFiles, SCHEMA_DIRECTORY } from "./schema-files";

/** `npm run schema:write`: regenerates schema/subgraph.graphql, supergraph.graphql and api.graphql from the code. */
async function main(): Promise<void> {
  for (const [name, content] of Object.entries(await buildSchemaFiles())) {
    const file = join(SCHEMA_DIRECTORY, name);
    writeFileSync(file, content);
    process.stdout.write(`wrote ${file}\n`);
  }
}

void main();
