import { createUnionType } from "type-graphql";
import { MEMBERSHIP_ERROR_TYPES } from "./errors/membership-error-types";
import { MembershipRemoval } from "./membership-removal.type";
import { typeByClassName } from "./type-by-class-name";

export const RemoveUserFromGroupResult = createUnionType({
  name: "RemoveUserFromGroupResult",
  types: () => [MembershipRemoval, ...MEMBERSHIP_ERROR_TYPES] as const,
  resolveType: typeByClassName,
});

export type RemoveUserFromGroupResult = typeof RemoveUserFromGroupResult;
