import { Kind, parse } from "graphql";
import { demoOf, exampleMutation } from "../../src/banner";
import { loadTrustedDocuments } from "../../src/plugins/trusted-documents";
import { KNOWN_OPERATIONS, operationLabel } from "../../src/plugins/request-duration-labels";

/** The names of the operations in a GraphQL document. */
function operationNames(document: string): string[] {
  return parse(document).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
}

describe("the operation label of graphql_request_duration_seconds", () => {
  it("knows exactly the operations this project ships: the example client's documents and the banner's example", () => {
    const shipped = [...loadTrustedDocuments().values()].flatMap(operationNames);
    shipped.push(...operationNames(exampleMutation(demoOf(() => true)!)));
    expect([...KNOWN_OPERATIONS].sort()).toEqual([...new Set(shipped)].sort());
  });

  it.each([
    ["a shipped operation", "RemoveUserFromGroup", "RemoveUserFromGroup"],
    ["the same, planned by a gateway for this subgraph", "RemoveUserFromGroup__membership__0", "RemoveUserFromGroup"],
    ["any other name", "DropTables", "other"],
    ["a name that only starts like a shipped one", "RemoveUserFromGroupX", "other"],
    ["no name", undefined, "anonymous"],
    ["an empty name", "", "anonymous"],
  ])("labels %s (%p) as %s", (_what, name, label) => {
    expect(operationLabel(name)).toBe(label);
  });
});
