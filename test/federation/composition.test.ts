import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, isObjectType } from "graphql";
import request from "supertest";
import { composeWithDirectory, readDirectorySdl, SCHEMA_DIRECTORY, type Composition } from "../../src/graphql/schema-files";
import { startFacade } from "../support/facade";

/**
 * Composition as a federated deployment runs it: the SDL the running server serves at
 * `_service { sdl }`, composed with the companion directory subgraph.
 */
describe("composing the served subgraph with a companion subgraph", () => {
  let composition: Composition;
  beforeAll(async () => {
    const facade = await startFacade();
    try {
      const response = await request(facade.url).post("").send({ query: "{ _service { sdl } }" });
      composition = composeWithDirectory(response.body.data._service.sdl, readDirectorySdl());
    } finally {
      await facade.close();
    }
  });

  it("gives the checked-in supergraph", () => {
    expect(`${composition.supergraphSdl}\n`).toBe(readFileSync(join(SCHEMA_DIRECTORY, "supergraph.graphql"), "utf8"));
  });

  // Reviewed with @apollo/composition 2.14: there are none. The companion repeats only the key
  // fields and the Provider enum, with the same values and no descriptions of its own, so the
  // enum and description hints (INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM, INCONSISTENT_DESCRIPTION)
  // have nothing to report. A new hint must be read, and fixed or listed here with its reason.
  it("raises no composition hints", () => {
    expect(composition.hints).toEqual([]);
  });

  it("lets clients select the companion's fields on our entities and hides federation's own fields", () => {
    const api = buildSchema(composition.apiSdl);
    const fieldsOf = (name: string) => {
      const type = api.getType(name);
      return isObjectType(type) ? Object.keys(type.getFields()).sort() : [];
    };
    expect(fieldsOf("Group")).toEqual(["id", "name", "provider"]);
    expect(fieldsOf("User")).toEqual(["displayName", "email", "id", "provider", "username"]);
    expect(fieldsOf("Query")).toEqual(["bulkRemoval", "providers"]);
    expect(api.getType("_Entity")).toBeUndefined();
  });
});
