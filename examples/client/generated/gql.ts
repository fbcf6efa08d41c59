/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation RemoveUserFromGroup($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {\n  removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {\n    __typename\n    ... on MembershipRemoval {\n      removedAt\n      upstreamRequestId\n      group {\n        provider\n        id\n      }\n      user {\n        provider\n        id\n        username\n        email\n      }\n    }\n    ... on UnsupportedUserRefError {\n      supported\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on OutcomeUnknownError {\n      attempts\n    }\n    ... on MembershipError {\n      code\n      message\n      retryable\n      upstreamStatus\n      upstreamRequestId\n    }\n  }\n}": typeof types.RemoveUserFromGroupDocument,
    "mutation RemoveUsersFromGroup($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {\n  removeUsersFromGroup(\n    provider: $provider\n    groupId: $groupId\n    userRefs: $userRefs\n  ) {\n    removed\n    notMember\n    failed\n    unknown\n    results {\n      __typename\n      ... on MembershipRemoval {\n        user {\n          id\n          username\n          email\n        }\n      }\n      ... on MembershipError {\n        code\n        message\n        retryable\n      }\n    }\n  }\n}": typeof types.RemoveUsersFromGroupDocument,
};
const documents: Documents = {
    "mutation RemoveUserFromGroup($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {\n  removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {\n    __typename\n    ... on MembershipRemoval {\n      removedAt\n      upstreamRequestId\n      group {\n        provider\n        id\n      }\n      user {\n        provider\n        id\n        username\n        email\n      }\n    }\n    ... on UnsupportedUserRefError {\n      supported\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on OutcomeUnknownError {\n      attempts\n    }\n    ... on MembershipError {\n      code\n      message\n      retryable\n      upstreamStatus\n      upstreamRequestId\n    }\n  }\n}": types.RemoveUserFromGroupDocument,
    "mutation RemoveUsersFromGroup($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {\n  removeUsersFromGroup(\n    provider: $provider\n    groupId: $groupId\n    userRefs: $userRefs\n  ) {\n    removed\n    notMember\n    failed\n    unknown\n    results {\n      __typename\n      ... on MembershipRemoval {\n        user {\n          id\n          username\n          email\n        }\n      }\n      ... on MembershipError {\n        code\n        message\n        retryable\n      }\n    }\n  }\n}": types.RemoveUsersFromGroupDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveUserFromGroup($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {\n  removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {\n    __typename\n    ... on MembershipRemoval {\n      removedAt\n      upstreamRequestId\n      group {\n        provider\n        id\n      }\n      user {\n        provider\n        id\n        username\n        email\n      }\n    }\n    ... on UnsupportedUserRefError {\n      supported\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on OutcomeUnknownError {\n      attempts\n    }\n    ... on MembershipError {\n      code\n      message\n      retryable\n      upstreamStatus\n      upstreamRequestId\n    }\n  }\n}"): (typeof documents)["mutation RemoveUserFromGroup($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {\n  removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {\n    __typename\n    ... on MembershipRemoval {\n      removedAt\n      upstreamRequestId\n      group {\n        provider\n        id\n      }\n      user {\n        provider\n        id\n        username\n        email\n      }\n    }\n    ... on UnsupportedUserRefError {\n      supported\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on OutcomeUnknownError {\n      attempts\n    }\n    ... on MembershipError {\n      code\n      message\n      retryable\n      upstreamStatus\n      upstreamRequestId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveUsersFromGroup($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {\n  removeUsersFromGroup(\n    provider: $provider\n    groupId: $groupId\n    userRefs: $userRefs\n  ) {\n    removed\n    notMember\n    failed\n    unknown\n    results {\n      __typename\n      ... on MembershipRemoval {\n        user {\n          id\n          username\n          email\n        }\n      }\n      ... on MembershipError {\n        code\n        message\n        retryable\n      }\n    }\n  }\n}"): (typeof documents)["mutation RemoveUsersFromGroup($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) {\n  removeUsersFromGroup(\n    provider: $provider\n    groupId: $groupId\n    userRefs: $userRefs\n  ) {\n    removed\n    notMember\n    failed\n    unknown\n    results {\n      __typename\n      ... on MembershipRemoval {\n        user {\n          id\n          username\n          email\n        }\n      }\n      ... on MembershipError {\n        code\n        message\n        retryable\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;