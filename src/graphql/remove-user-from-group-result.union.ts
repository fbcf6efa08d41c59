import { createUnionType } from "type-graphql";
import { MEMBERSHIP_ERROR_TYPES } from "./errors/membership-error-types";
import { MembershipRemoval } from "./membership-removal.type";

export const RemoveUserFromGroupResult = createUnionType({
  name: "RemoveUserFromGroupResult",
  types: () => [MembershipRemoval, ...MEMBERSHIP_ERROR_TYPES] as const,
  // Members are class instances whose class name is their GraphQL name; this also survives
  // the hop into buildSubgraphSchema, which does not see type-graphql's instanceof checks.
  resolveType: (value) => value.constructor.name,
});

export type RemoveUserFromGroupResult = typeof RemoveUserFromGroupResult;
