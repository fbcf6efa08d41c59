export interface UsergridUser {
  readonly uuid: string;
  readonly username: string;
  readonly email: string;
  /** Epoch ms, as Usergrid's `created`. */
  readonly created: number;
}

/** A group is addressed by its unique `path` (case-insensitive, may hold `/`) or its UUID (docs/usergrid.md §1). */
export interface UsergridGroup {
  readonly uuid: string;
  readonly path: string;
  readonly memberUuids: readonly string[];
}

export interface UsergridSeed {
  readonly users: readonly UsergridUser[];
  readonly groups: readonly UsergridGroup[];
}

export interface UsergridClient {
  readonly id: string;
  readonly secret: string;
}

/**
 * The demo data (docs/contract.md §5). Org, app, someGroup and someUser are the Usergrid docs' own example
 * (fixture delete-member-200.json); the rest is made up, with time-based (v1) UUIDs as Usergrid
 * issues them (docs/usergrid.md §6), so tests can remove by username, UUID and email from one group.
 */
export const usergridDemo = {
  org: "your-org",
  app: "your-app",
  applicationUuid: "f34f4222-a166-11e2-a7f7-02e81adcf3d0",
  clientId: "demo-client-id",
  clientSecret: "demo-client-secret",
  groupPath: "someGroup",
  groupUuid: "cd796d0a-b90c-11e3-83de-83ceb9965c26",
  username: "someUser",
  userUuid: "74d2d7da-e694-11e3-b0c6-4d2664c8e0c3",
  userEmail: "your-org@apigee.com",
  /** Further members of someGroup, so one test file can remove by username, UUID and email without clashing. */
  secondMemberUsername: "jane.doe",
  secondMemberUuid: "8a3f1c2e-e694-11e3-b0c6-4d2664c8e0c3",
  secondMemberEmail: "jane.doe@example.com",
  thirdMemberUsername: "john.smith",
  thirdMemberUuid: "9b4e2d3f-e694-11e3-b0c6-4d2664c8e0c3",
  thirdMemberEmail: "john.smith@example.com",
  /** A member of someGroup, marketing/emea and "sales team #1". */
  multiGroupUsername: "max.multi",
  multiGroupUserUuid: "ac5f3e40-e694-11e3-b0c6-4d2664c8e0c3",
  multiGroupUserEmail: "max.multi@example.com",
  /** Exists, belongs to no group: the membership read answers 404, yet DELETE would answer 200. */
  groupLessUsername: "nora.nogroup",
  groupLessUserUuid: "bd604f51-e694-11e3-b0c6-4d2664c8e0c3",
  groupLessUserEmail: "nora.nogroup@example.com",
  /** A hierarchical path, sent with a literal `/` (docs/usergrid.md §6). */
  hierarchicalGroupPath: "marketing/emea",
  hierarchicalGroupUuid: "de7b1a62-b90c-11e3-83de-83ceb9965c26",
  /** Legacy data: today's create rules forbid spaces and `#` (docs/usergrid.md §6), but older groups may hold them and need encoding. */
  encodedGroupPath: "sales team #1",
  encodedGroupUuid: "ef8c2b73-b90c-11e3-83de-83ceb9965c26",
  /**
   * A member of someGroup and ops with a plain email, for query-injection tests: a facade whose
   * users query can be widened (`…' or username='carol`) finds her instead of the user asked for.
   */
  carolUsername: "carol",
  carolUuid: "c0a7e1f2-e694-11e3-b0c6-4d2664c8e0c3",
  carolEmail: "carol@example.com",
  /**
   * A member of someGroup and ops whose email holds a `+`: a users query encoded only once has it
   * read as a space (docs/usergrid.md §1b), so such a facade reports him not found.
   */
  plusEmailUsername: "dave",
  plusEmailUserUuid: "da7e0b5c-e694-11e3-b0c6-4d2664c8e0c3",
  plusEmailUserEmail: "dave+ops@example.com",
  /** Holds carol and dave only. */
  opsGroupPath: "ops",
  opsGroupUuid: "0f5a9c17-b90c-11e3-83de-83ceb9965c26",
  /** Well-formed v1 UUIDs nobody has. */
  unknownUserUuid: "00c7e5a4-e694-11e3-b0c6-4d2664c8e0c3",
  unknownGroupUuid: "00d8f6b5-b90c-11e3-83de-83ceb9965c26",
} as const;

export const defaultUsergridClients: readonly UsergridClient[] = [{ id: usergridDemo.clientId, secret: usergridDemo.clientSecret }];

export function usergridSeed(): UsergridSeed {
  const d = usergridDemo;
  return {
    users: [
      { uuid: d.userUuid, username: d.username, email: d.userEmail, created: 1401301104077 },
      { uuid: d.secondMemberUuid, username: d.secondMemberUsername, email: d.secondMemberEmail, created: 1401301105077 },
      { uuid: d.thirdMemberUuid, username: d.thirdMemberUsername, email: d.thirdMemberEmail, created: 1401301106077 },
      { uuid: d.multiGroupUserUuid, username: d.multiGroupUsername, email: d.multiGroupUserEmail, created: 1401301107077 },
      { uuid: d.groupLessUserUuid, username: d.groupLessUsername, email: d.groupLessUserEmail, created: 1401301108077 },
      { uuid: d.carolUuid, username: d.carolUsername, email: d.carolEmail, created: 1401301109077 },
      { uuid: d.plusEmailUserUuid, username: d.plusEmailUsername, email: d.plusEmailUserEmail, created: 1401301110077 },
    ],
    groups: [
      {
        uuid: d.groupUuid,
        path: d.groupPath,
        memberUuids: [d.userUuid, d.secondMemberUuid, d.thirdMemberUuid, d.multiGroupUserUuid, d.carolUuid, d.plusEmailUserUuid],
      },
      { uuid: d.hierarchicalGroupUuid, path: d.hierarchicalGroupPath, memberUuids: [d.multiGroupUserUuid, d.secondMemberUuid] },
      { uuid: d.encodedGroupUuid, path: d.encodedGroupPath, memberUuids: [d.multiGroupUserUuid] },
      { uuid: d.opsGroupUuid, path: d.opsGroupPath, memberUuids: [d.carolUuid, d.plusEmailUserUuid] },
    ],
  };
}

/** A made-up group for bulk removals (tests, the benchmark); only usergridBulkSeed holds it. */
export const USERGRID_BULK_GROUP = { path: "bulkGroup", uuid: "f09d3c84-b90c-11e3-83de-83ceb9965c26" } as const;

/** User `index` of the bulk group: derived from the index (a v1-shaped UUID, as Usergrid issues), so callers can name any of them. */
export function bulkUser(index: number): UsergridUser {
  return {
    uuid: `${index.toString(16).padStart(8, "0")}-e695-11e3-b0c6-4d2664c8e0c3`,
    username: `bulk.user.${index}`,
    email: `bulk.user.${index}@example.com`,
    created: 1401302000000 + index,
  };
}

/** The demo data plus USERGRID_BULK_GROUP holding bulkUser(0) … bulkUser(members - 1). */
export function usergridBulkSeed(members: number): UsergridSeed {
  const demo = usergridSeed();
  const bulk = Array.from({ length: members }, (_, index) => bulkUser(index));
  return {
    users: [...demo.users, ...bulk],
    groups: [...demo.groups, { ...USERGRID_BULK_GROUP, memberUuids: bulk.map((u) => u.uuid) }],
  };
}
