import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { buildFacadeSchema } from "../../src/graphql/schema";
import { buildSchemaFiles, SCHEMA_DIRECTORY } from "../../src/graphql/schema-files";
import { startFacade } from "../support/facade";
import { ownDefinitions } from "../support/served-sdl";

const CHECKED_IN = join(SCHEMA_DIRECTORY, "subgraph.graphql");

describe("the checked-in schema", () => {
  let files: Awaited<ReturnType<typeof buildSchemaFiles>>;
  beforeAll(async () => {
    files = await buildSchemaFiles();
  });

  it.each(["subgraph.graphql", "supergraph.graphql", "api.graphql"] as const)(
    "schema/%s is exactly what the code builds (run `npm run schema:write` after a schema change)",
    (name) => {
      expect(readFileSync(join(SCHEMA_DIRECTORY, name), "utf8")).toBe(files[name]);
    },
  );

  it("is what the running server serves as its subgraph SDL", async () => {
    const facade = await startFacade();
    try {
      const response = await request(facade.url).post("").send({ query: "{ _service { sdl } }" });
      const served: string = response.body.data._service.sdl;
      const { sdl } = await buildFacadeSchema();
      expect(ownDefinitions(served)).toBe(ownDefinitions(sdl));
      expect(served).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])');
    } finally {
      await facade.close();
    }
  });

  it("reads removeUserFromGroup(provider, groupId, userRef) in that order", () => {
    expect(readFileSync(CHECKED_IN, "utf8")).toContain(
      "removeUserFromGroup(provider: Provider!, groupId: ID!, userRef: UserRef!): RemoveUserFromGroupResult!",
    );
  });

  it("marks UserRef @oneOf and keys Group and User by provider and id", () => {
    const sdl = readFileSync(CHECKED_IN, "utf8");
    expect(sdl).toContain("input UserRef @oneOf");
    expect(sdl).toContain('type Group @key(fields: "provider id")');
    expect(sdl).toContain('type User @key(fields: "provider id")');
  });
});
