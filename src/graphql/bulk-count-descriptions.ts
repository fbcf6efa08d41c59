/**
 * What each count of a bulk removal means, said once for both places that count answers:
 * removeUsersFromGroup's BulkMembershipRemoval and a job's BulkRemovalJob.
 */
export const BULK_COUNT_DESCRIPTIONS = {
  removed: "Positions answered MembershipRemoval: the provider confirmed the removal.",
  notMember: "Positions answered MembershipNotFoundError: the user was not in the group.",
  failed: "Positions answered any other error: nothing was removed (retryable tells which are worth repeating).",
  unknown: "Positions answered OutcomeUnknownError: the removal may or may not have happened; repeating it is safe.",
} as const;
