/** A customer as the simulator stores it; answers add a few more fixture fields (answers.ts). */
export interface BlueshiftCustomer {
  readonly uuid: string;
  readonly customer_id: string;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
}

/** A customer group: `group_id` is the customer's own key, `uuid` Blueshift's internal id (docs/blueshift.md §7). */
export interface BlueshiftGroup {
  readonly groupId: string;
  readonly uuid: string;
  readonly memberUuids: readonly string[];
}

export interface BlueshiftSeed {
  readonly customers: readonly BlueshiftCustomer[];
  readonly groups: readonly BlueshiftGroup[];
}

/**
 * The demo data (docs/contract.md §5). Group ids, the group uuids and the first customer come from
 * Blueshift's own examples (fixtures customer-group-*.json); the rest is made up to give tests
 * every case the facade distinguishes.
 */
export const blueshiftDemo = {
  apiKey: "demo-user-api-key",
  /** An Event API key: valid, but the wrong class for these endpoints, so 401 (docs/blueshift.md §6). */
  eventApiKey: "demo-event-api-key",
  /** A User API key whose account lacks the premium customer-groups feature: 403 on group routes (docs/blueshift.md §6). */
  noCustomerGroupsApiKey: "demo-no-groups-api-key",
  groupId: "grp_orionretail",
  otherGroupId: "grp_veloxmedia",
  customerUuid: "57fbca61-3eed-43ea-aaa6-c35307296035",
  customerEmail: "orion.shopper@example.com",
  /** A second member of grp_orionretail, for removal by email without touching the main demo user. */
  secondMemberUuid: "062b6926-89d2-4dfd-945f-be61720b06ce",
  secondMemberEmail: "mia.member@example.com",
  /** A member of grp_orionretail, grp_veloxmedia and grp_northwind. */
  multiGroupCustomerUuid: "4fb30f34-154d-49fe-800d-7bfde5806f27",
  /** Two customers share this inbox, so an email lookup is ambiguous (docs/blueshift.md §5: "may return multiple matches"). */
  sharedEmail: "shared.inbox@example.com",
  sharedEmailCustomerUuids: ["82f10575-5474-4fac-a45b-0d0b434e39e6", "b408e8f6-a011-4c3a-8a16-1d99c4480d61"],
  /** Exists, belongs to no group: removal gets 404 while GET /customers/{uuid} gets 200. */
  groupLessCustomerUuid: "b5a1c08b-d2df-4da0-a63c-01f430d31ec3",
  groupLessCustomerEmail: "lena.lone@example.com",
  /** group_id's charset is unknown (docs/blueshift.md §11 Q8): this one needs percent-encoding and holds a `/`. */
  encodedGroupId: "grp_promo/spring 2026",
  /** A well-formed UUID no customer has. */
  unknownCustomerUuid: "9d4a7c1e-2b3f-4e5d-8a6b-7c8d9e0f1a2b",
} as const;

export function blueshiftSeed(): BlueshiftSeed {
  const [shareA, shareB] = blueshiftDemo.sharedEmailCustomerUuids;
  return {
    customers: [
      customer(blueshiftDemo.customerUuid, "812123", blueshiftDemo.customerEmail, "Orion", "Shopper"),
      customer(blueshiftDemo.secondMemberUuid, "812124", blueshiftDemo.secondMemberEmail, "Mia", "Member"),
      customer(blueshiftDemo.multiGroupCustomerUuid, "812125", "vera.velox@example.com", "Vera", "Velox"),
      customer(shareA, "812126", blueshiftDemo.sharedEmail, "Sam", "Shared"),
      customer(shareB, "812127", blueshiftDemo.sharedEmail, "Sasha", "Shared"),
      customer(blueshiftDemo.groupLessCustomerUuid, "812128", blueshiftDemo.groupLessCustomerEmail, "Lena", "Lone"),
    ],
    groups: [
      {
        groupId: blueshiftDemo.groupId,
        uuid: "479b7071-997c-426e-94a5-387d97897d50",
        memberUuids: [blueshiftDemo.customerUuid, blueshiftDemo.secondMemberUuid, blueshiftDemo.multiGroupCustomerUuid, shareB],
      },
      {
        groupId: blueshiftDemo.otherGroupId,
        uuid: "d18225f5-3a74-443f-b21c-931457688281",
        memberUuids: [blueshiftDemo.multiGroupCustomerUuid, shareA],
      },
      { groupId: "grp_northwind", uuid: "3c0f6a52-8e1b-4d7a-9f2c-5b6e7d8a9c01", memberUuids: [blueshiftDemo.multiGroupCustomerUuid] },
      { groupId: blueshiftDemo.encodedGroupId, uuid: "7e2d9b14-6a3c-4f85-b1d0-2c4e6f8a0b13", memberUuids: [blueshiftDemo.secondMemberUuid] },
    ],
  };
}

function customer(uuid: string, customerId: string, email: string, firstname: string, lastname: string): BlueshiftCustomer {
  return { uuid, customer_id: customerId, email, firstname, lastname };
}

/** A made-up group for bulk removals (tests, the benchmark); only blueshiftBulkSeed holds it. */
export const BLUESHIFT_BULK_GROUP_ID = "grp_bulk";

/** Customer `index` of the bulk group: derived from the index, so callers can name any of them. */
export function bulkCustomer(index: number): BlueshiftCustomer {
  const uuid = `b0000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
  return customer(uuid, String(900_000 + index), `bulk.customer.${index}@example.com`, "Bulk", `Customer ${index}`);
}

/** The demo data plus BLUESHIFT_BULK_GROUP_ID holding bulkCustomer(0) … bulkCustomer(members - 1). */
export function blueshiftBulkSeed(members: number): BlueshiftSeed {
  const demo = blueshiftSeed();
  const bulk = Array.from({ length: members }, (_, index) => bulkCustomer(index));
  return {
    customers: [...demo.customers, ...bulk],
    groups: [...demo.groups, { groupId: BLUESHIFT_BULK_GROUP_ID, uuid: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", memberUuids: bulk.map((c) => c.uuid) }],
  };
}
