
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "MembershipError": [
      "GroupNotFoundError",
      "InvalidInputError",
      "MembershipNotFoundError",
      "OutcomeUnknownError",
      "PermissionDeniedError",
      "ProviderAuthError",
      "RateLimitedError",
      "UnsupportedUserRefError",
      "UpstreamError",
      "UpstreamUnavailableError",
      "UserNotFoundError"
    ],
    "RemoveUserFromGroupResult": [
      "GroupNotFoundError",
      "InvalidInputError",
      "MembershipNotFoundError",
      "MembershipRemoval",
      "OutcomeUnknownError",
      "PermissionDeniedError",
      "ProviderAuthError",
      "RateLimitedError",
      "UnsupportedUserRefError",
      "UpstreamError",
      "UpstreamUnavailableError",
      "UserNotFoundError"
    ]
  }
};
      export default result;
    