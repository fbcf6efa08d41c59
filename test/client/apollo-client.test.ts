import { setTimeout as sleep } from "node:timers/promises";
import { gql, InMemoryCache } from "@apollo/client";
import introspection from "../../examples/client/generated/possible-types";
import { createMembershipClient, membershipTypePolicies } from "../../examples/client/apollo-client";
import {
  BulkRemovalProgressDocument,
  BulkRemovalResultsDocument,
  RemoveUserFromGroupDocument,
  RemoveUsersFromGroupDocument,
  StartBulkRemovalDocument,
  type Provider,
} from "../../examples/client/generated/graphql";
import { blueshiftDemo, blueshiftSeed, type BlueshiftSeed } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";

/** Ids are unique per provider only: here Blueshift also holds Usergrid's demo group id, with a customer under Usergrid's demo user id. */
const SHARED = { groupId: usergridDemo.groupUuid, userUuid: usergridDemo.userUuid, blueshiftEmail: "some.shopper@example.com" } as const;

function seedSharingUsergridIds(): BlueshiftSeed {
  const demo = blueshiftSeed();
  return {
    customers: [...demo.customers, { uuid: SHARED.userUuid, customer_id: "812300", email: SHARED.blueshiftEmail, firstname: "Some", lastname: "Shopper" }],
    groups: [...demo.groups, { groupId: SHARED.groupId, uuid: "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", memberUuids: [SHARED.userUuid] }],
  };
}

const ENTITY = gql`
  fragment Entity on Group {
    provider
    id
  }
`;
const USER = gql`
  fragment UserEmail on User {
    provider
    id
    email
  }
`;

/**
 * The codegen output (examples/client/generated/) run through @apollo/client 4 against the real
 * server: the client setup users copy is examples/client/apollo-client.ts.
 */
describe("the generated operations through Apollo Client", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade({ blueshiftSimulator: { seed: seedSharingUsergridIds() } });
  });
  afterEach(() => facade.close());

  const uri = () => `${facade.url}/`;
  /** Blueshift's user named by email, so its answer carries the email too. */
  const removeShared = (client: ReturnType<typeof createMembershipClient>, provider: Provider) =>
    client.mutate({
      mutation: RemoveUserFromGroupDocument,
      variables: { provider, groupId: SHARED.groupId, userRef: provider === "BLUESHIFT" ? { email: SHARED.blueshiftEmail } : { uuid: SHARED.userUuid } },
    });

  describe("with examples/client/apollo-client.ts", () => {
    it("keeps both providers' groups and users apart in the cache when they share an id", async () => {
      const client = createMembershipClient({ uri: uri() });
      const blueshift = await removeShared(client, "BLUESHIFT");
      const usergrid = await removeShared(client, "USERGRID");
      expect(blueshift.data?.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval", group: { provider: "BLUESHIFT", id: SHARED.groupId } });
      expect(usergrid.data?.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval", group: { provider: "USERGRID", id: SHARED.groupId } });

      const groupIn = (provider: Provider) => client.cache.identify({ __typename: "Group", provider, id: SHARED.groupId });
      const userIn = (provider: Provider) => client.cache.identify({ __typename: "User", provider, id: SHARED.userUuid });
      expect(groupIn("BLUESHIFT")).not.toBe(groupIn("USERGRID"));
      for (const provider of ["BLUESHIFT", "USERGRID"] as const) {
        expect(client.cache.readFragment({ id: groupIn(provider), fragment: ENTITY })).toEqual({ __typename: "Group", provider, id: SHARED.groupId });
      }
      expect(client.cache.readFragment({ id: userIn("BLUESHIFT"), fragment: USER })).toMatchObject({ provider: "BLUESHIFT", email: SHARED.blueshiftEmail });
      expect(client.cache.readFragment({ id: userIn("USERGRID"), fragment: USER })).toMatchObject({ provider: "USERGRID", email: usergridDemo.userEmail });
    });

    it("gives the fields of fragments on the MembershipError interface, for one removal and for many", async () => {
      const client = createMembershipClient({ uri: uri() });
      const one = await client.mutate({
        mutation: RemoveUserFromGroupDocument,
        variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.groupLessCustomerUuid } },
      });
      expect(one.data?.removeUserFromGroup).toMatchObject({ __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", retryable: false, upstreamStatus: 404 });

      const many = await client.mutate({
        mutation: RemoveUsersFromGroupDocument,
        variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRefs: [{ uuid: blueshiftDemo.customerUuid }, { uuid: blueshiftDemo.groupLessCustomerUuid }] },
      });
      expect(many.data?.removeUsersFromGroup).toMatchObject({
        removed: 1,
        notMember: 1,
        results: [
          { __typename: "MembershipRemoval", user: { provider: "BLUESHIFT", id: blueshiftDemo.customerUuid } },
          { __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", retryable: false },
        ],
      });
    });

    it("runs a bulk-removal job and pages its answers through the cache, error fields included", async () => {
      const client = createMembershipClient({ uri: uri() });
      const started = await client.mutate({
        mutation: StartBulkRemovalDocument,
        variables: { provider: "USERGRID", groupId: usergridDemo.groupPath, userRefs: [{ username: usergridDemo.secondMemberUsername }, { username: usergridDemo.groupLessUsername }] },
      });
      const id = started.data?.startBulkRemoval.id;
      if (id === undefined) throw new Error("no job id");
      for (;;) {
        const { data } = await client.query({ query: BulkRemovalProgressDocument, variables: { id }, fetchPolicy: "network-only" });
        if (data?.bulkRemoval?.finishedAt != null) break;
        await sleep(20);
      }
      const { data } = await client.query({ query: BulkRemovalResultsDocument, variables: { id, first: 10 } });
      expect(data?.bulkRemoval?.results.edges.map((edge) => edge.node.result)).toEqual([
        { __typename: "MembershipRemoval", user: { __typename: "User", provider: "USERGRID", id: usergridDemo.secondMemberUuid, username: usergridDemo.secondMemberUsername, email: usergridDemo.secondMemberEmail } },
        expect.objectContaining({ __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", retryable: false }),
      ]);
    });
  });

  describe("what goes wrong without it", () => {
    it("without possibleTypes, the fields of fragments on MembershipError are silently missing", async () => {
      const client = createMembershipClient({ uri: uri(), cache: new InMemoryCache({ typePolicies: membershipTypePolicies }) });
      const { data, error } = await client.mutate({
        mutation: RemoveUserFromGroupDocument,
        variables: { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.groupLessCustomerUuid } },
      });
      expect(error).toBeUndefined();
      expect(data?.removeUserFromGroup).toEqual({ __typename: "MembershipNotFoundError" });
    });

    it("without keyFields, two providers' groups with one id are one cache entry, the last answer written over the first", async () => {
      const cache = new InMemoryCache({ possibleTypes: introspection.possibleTypes });
      const client = createMembershipClient({ uri: uri(), cache });
      await removeShared(client, "BLUESHIFT");
      await removeShared(client, "USERGRID");
      const groups = Object.keys(cache.extract()).filter((key) => key.startsWith("Group:"));
      expect(groups).toEqual([`Group:${SHARED.groupId}`]);
      expect(cache.readFragment({ id: `User:${SHARED.userUuid}`, fragment: USER })).toMatchObject({ provider: "USERGRID", email: usergridDemo.userEmail });
    });
  });
});
