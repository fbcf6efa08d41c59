import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFacadeSchema } from "./schema";

/** `npm run schema:write`: regenerates schema/subgraph.graphql from the code. */
async function main(): Promise<void> {
  const { sdl } = await buildFacadeSchema();
  const file = join(__dirname, "..", "..", "schema", "subgraph.graphql");
  writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
}

void main();
