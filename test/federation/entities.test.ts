import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/providers/blueshift/simulator";
import { usergridDemo } from "../../src/providers/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on User { provider id username email }
      ... on Group { provider id }
    }
  }
`;

type Representation = { __typename: "User" | "Group"; provider: string; id: string };
const user = (provider: string, id: string): Representation => ({ __typename: "User", provider, id });
const group = (provider: string, id: string): Representation => ({ __typename: "Group", provider, id });

describe("the subgraph's _entities", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  const resolve = (representations: Representation[]) =>
    request(facade.url).post("").set("content-type", "application/json").send({ query: ENTITIES, variables: { representations } });

  it("answers each representation in the order asked, and null for keys no provider knows", async () => {
    facade = await startFacade();
    const response = await resolve([
      user("USERGRID", usergridDemo.userUuid),
      user("BLUESHIFT", blueshiftDemo.unknownCustomerUuid),
      group("USERGRID", usergridDemo.hierarchicalGroupPath),
      user("BLUESHIFT", blueshiftDemo.customerUuid),
      group("USERGRID", usergridDemo.unknownGroupUuid),
      user("USERGRID", usergridDemo.unknownUserUuid),
      group("BLUESHIFT", blueshiftDemo.groupId),
      group("USERGRID", usergridDemo.groupUuid),
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toEqual([
      { __typename: "User", provider: "USERGRID", id: usergridDemo.userUuid, username: usergridDemo.username, email: usergridDemo.userEmail },
      null,
      { __typename: "Group", provider: "USERGRID", id: usergridDemo.hierarchicalGroupPath },
      { __typename: "User", provider: "BLUESHIFT", id: blueshiftDemo.customerUuid, username: null, email: blueshiftDemo.customerEmail },
      null,
      null,
      { __typename: "Group", provider: "BLUESHIFT", id: blueshiftDemo.groupId },
      { __typename: "Group", provider: "USERGRID", id: usergridDemo.groupUuid },
    ]);
  });

  it("reads a key repeated within one request once", async () => {
    facade = await startFacade();
    const response = await resolve([
      user("BLUESHIFT", blueshiftDemo.customerUuid),
      user("BLUESHIFT", blueshiftDemo.secondMemberUuid),
      user("BLUESHIFT", blueshiftDemo.customerUuid),
    ]);
    expect(response.body.data._entities.map((e: { id: string }) => e.id)).toEqual([
      blueshiftDemo.customerUuid,
      blueshiftDemo.secondMemberUuid,
      blueshiftDemo.customerUuid,
    ]);
    expect(facade.blueshift.requestsTo("getCustomer").map((r) => r.path)).toEqual([
      `/api/v1/customers/${blueshiftDemo.customerUuid}`,
      `/api/v1/customers/${blueshiftDemo.secondMemberUuid}`,
    ]);
  });

  it("answers null without asking the provider when a key cannot name an entity", async () => {
    facade = await startFacade();
    const response = await resolve([
      user("BLUESHIFT", "not-a-uuid"),
      user("USERGRID", usergridDemo.username),
      group("USERGRID", "../users"),
      user("NOT_A_PROVIDER", blueshiftDemo.customerUuid),
    ]);
    expect(response.body.data._entities).toEqual([null, null, null, null]);
    expect(facade.blueshift.requests).toHaveLength(0);
    expect(facade.usergrid.requestsTo("getUser")).toHaveLength(0);
    expect(facade.usergrid.requestsTo("getGroup")).toHaveLength(0);
  });

  it("fails only the reference whose provider could not answer, never calling it absent", async () => {
    facade = await startFacade({ upstream: { maxAttempts: 1 } });
    facade.blueshift.script("getCustomer", [blueshiftFaults.serverError(503)]);
    const response = await resolve([user("BLUESHIFT", blueshiftDemo.customerUuid), user("USERGRID", usergridDemo.userUuid)]);
    expect(response.body.data._entities[0]).toBeNull();
    expect(response.body.data._entities[1]).toMatchObject({ id: usergridDemo.userUuid });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: ["_entities", 0],
        extensions: expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE", provider: "BLUESHIFT", retryable: true, upstreamStatus: 503 }),
      }),
    ]);
  });
});
