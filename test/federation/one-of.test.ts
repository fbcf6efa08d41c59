import request from "supertest";
import { InvalidInputError } from "../../src/graphql/errors/invalid-input.error";
import { Provider } from "../../src/graphql/provider.enum";
import { UserRef } from "../../src/graphql/user-ref.input";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { parseRemovalInput } from "../../src/removal/removal-input";
import { startFacade, type Facade } from "../support/facade";

const { groupId, customerUuid, customerEmail } = blueshiftDemo;

describe("UserRef takes exactly one field", () => {
  describe("on the subgraph, which enforces @oneOf", () => {
    let facade: Facade;
    beforeAll(async () => {
      facade = await startFacade();
    });
    afterAll(() => facade.close());

    it("refuses two fields given as variables with BAD_USER_INPUT, before calling the provider", async () => {
      const response = await facade.remove("BLUESHIFT", groupId, { uuid: customerUuid, email: customerEmail });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Exactly one key must be specified for OneOf type "UserRef"'),
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
        }),
      ]);
      expect(facade.blueshift.requests).toHaveLength(0);
    });

    it("refuses two fields written in the document with GRAPHQL_VALIDATION_FAILED", async () => {
      const response = await request(facade.url)
        .post("")
        .send({
          query: `mutation { removeUserFromGroup(provider: BLUESHIFT, groupId: "${groupId}", userRef: { uuid: "${customerUuid}", email: "${customerEmail}" }) { __typename } }`,
        });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]).toMatchObject({
        message: 'OneOf Input Object "UserRef" must specify exactly one key.',
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      });
      expect(facade.blueshift.requests).toHaveLength(0);
    });
  });

  // Where @oneOf is not enforced (composition drops it, and type-graphql never sets isOneOf), the
  // resolver's input check answers instead. Through @apollo/gateway the subgraph still refuses
  // first (test/federation/gateway.test.ts), so the check is reached here, where the resolver
  // hands its arguments over.
  it.each([
    ["two fields", { uuid: customerUuid, email: customerEmail }],
    ["no field", {}],
  ])("answers InvalidInputError on userRef when the resolver receives %s", (_, fields) => {
    const parsed = parseRemovalInput(Provider.BLUESHIFT, groupId, Object.assign(new UserRef(), fields));
    expect(parsed).toBeInstanceOf(InvalidInputError);
    expect(parsed).toMatchObject({ field: "userRef", code: "INVALID_INPUT", retryable: false });
  });
});
