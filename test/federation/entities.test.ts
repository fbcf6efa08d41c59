import request from "supertest";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
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

/** The request caps hold on both ways a request is run: the fast lane, and Apollo Server (which takes any request asking for a federated trace). */
const LANES = [
  { lane: "the fast lane", headers: {} },
  { lane: "Apollo Server", headers: { "apollo-federation-include-trace": "ftv1" } },
] as const;

describe.each(LANES)("the representations one _entities request may hold, through $lane", ({ headers }) => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade();
  });
  afterAll(() => facade.close());
  beforeEach(() => {
    facade.blueshift.reset();
    facade.usergrid.reset();
  });

  const send = (query: string, variables: Record<string, unknown>) =>
    request(facade.url).post("").set("content-type", "application/json").set(headers).send({ query, variables });
  /** UUID-shaped keys, so each one would cost Blueshift a customer read. */
  const customers = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => user("BLUESHIFT", `00000000-0000-4000-8000-${String(from + i).padStart(12, "0")}`));
  const expectRefused = (response: request.Response, asked: number) => {
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`${asked} representations.*at most 500`)),
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", maxRepresentations: 500 }),
      }),
    ]);
    expect(facade.blueshift.requests).toHaveLength(0);
    expect(facade.usergrid.requests).toHaveLength(0);
  };

  it("answers 500 representations, a gateway's batch for a page of 100 rows naming five entities each", async () => {
    // Blueshift groups resolve to their own key without a read (blueshift.md §1.1), so this costs no upstream call.
    const groups = Array.from({ length: 500 }, (_, i) => group("BLUESHIFT", `grp_${i}`));
    const response = await send(ENTITIES, { representations: groups });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toHaveLength(500);
  });

  it("refuses 501 representations whole with a BAD_USER_INPUT naming the cap, and reads nothing upstream", async () => {
    expectRefused(await send(ENTITIES, { representations: customers(501) }), 501);
  });

  it("counts the representations of every alias of _entities together", async () => {
    const aliased = /* GraphQL */ `
      query Entities($first: [_Any!]!, $second: [_Any!]!) {
        first: _entities(representations: $first) { __typename }
        second: _entities(representations: $second) { __typename }
      }
    `;
    expectRefused(await send(aliased, { first: customers(300), second: customers(300, 300) }), 600);
  });
});
