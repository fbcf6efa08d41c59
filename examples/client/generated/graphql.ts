/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** A field whose value conforms to the standard internet email address format as specified in HTML Spec: https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address. */
  EmailAddress: { input: string; output: string; }
  /** A field whose value is a generic Universally Unique Identifier: https://en.wikipedia.org/wiki/Universally_unique_identifier. */
  UUID: { input: string; output: string; }
};

/** What removeUsersFromGroup did: one result per ref, in input order, and the results counted by outcome (the four counts add up to the number of refs). */
export type BulkMembershipRemoval = {
  __typename?: 'BulkMembershipRemoval';
  /** Positions answered any other error: nothing was removed (retryable tells which are worth repeating). */
  failed: Scalars['Int']['output'];
  /** Positions answered MembershipNotFoundError: the user was not in the group. */
  notMember: Scalars['Int']['output'];
  /** Positions answered MembershipRemoval: the provider confirmed the removal. */
  removed: Scalars['Int']['output'];
  /** results[i] answers userRefs[i], as removeUserFromGroup would. A user named twice is removed once and answered at each position; InvalidInputError.field is relative to that position's ref (userRef.…). */
  results: Array<RemoveUserFromGroupResult>;
  /** Positions answered OutcomeUnknownError: the removal may or may not have happened; repeating it is safe. */
  unknown: Scalars['Int']['output'];
};

/** One answered ref of a bulk-removal job. */
export type BulkRemovalItem = {
  __typename?: 'BulkRemovalItem';
  /** 0-based position in userRefs */
  index: Scalars['Int']['output'];
  /** What removeUserFromGroup would have answered for this ref. A user named twice is removed once and answered at each position. */
  result: RemoveUserFromGroupResult;
};

/** A removal of many users from one group that outlives the request that started it (startBulkRemoval). Seen only by the caller that started it. */
export type BulkRemovalJob = {
  __typename?: 'BulkRemovalJob';
  createdAt: Scalars['DateTime']['output'];
  /** Refs answered so far; removed + notMember + failed + unknown. notMember counts MembershipNotFoundError, unknown OutcomeUnknownError, failed every other error. */
  done: Scalars['Int']['output'];
  /** Positions answered any other error: nothing was removed (retryable tells which are worth repeating). */
  failed: Scalars['Int']['output'];
  /** When the job COMPLETED, or, once CANCELED, when the refs in flight at that moment were answered: from then on nothing about the job changes. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  groupId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Positions answered MembershipNotFoundError: the user was not in the group. */
  notMember: Scalars['Int']['output'];
  provider: Provider;
  /** Positions answered MembershipRemoval: the provider confirmed the removal. */
  removed: Scalars['Int']['output'];
  /** In the order of userRefs, the refs answered so far (a running job's too); Relay cursor pagination. */
  results: BulkRemovalResultConnection;
  /** When the first ref was taken; null while QUEUED. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: BulkRemovalStatus;
  /** Refs in userRefs, duplicates included. */
  total: Scalars['Int']['output'];
  /** Positions answered OutcomeUnknownError: the removal may or may not have happened; repeating it is safe. */
  unknown: Scalars['Int']['output'];
};


/** A removal of many users from one group that outlives the request that started it (startBulkRemoval). Seen only by the caller that started it. */
export type BulkRemovalJobResultsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of a job's answered positions, in the order of userRefs. */
export type BulkRemovalResultConnection = {
  __typename?: 'BulkRemovalResultConnection';
  edges: Array<BulkRemovalResultEdge>;
  pageInfo: PageInfo;
};

/** An answered position and its cursor. */
export type BulkRemovalResultEdge = {
  __typename?: 'BulkRemovalResultEdge';
  /** Opaque; pass as `after` to read the positions after this one. */
  cursor: Scalars['String']['output'];
  node: BulkRemovalItem;
};

export type BulkRemovalStatus =
  /** Stopped before its next ref; refs answered keep their answers, the rest were never sent. */
  | 'CANCELED'
  /** Every ref is answered. */
  | 'COMPLETED'
  /** Accepted; no ref has been sent yet (refs refused before any call may already be answered). */
  | 'QUEUED'
  /** Refs are being sent; the counts and results grow as they are answered. */
  | 'RUNNING';

/** A group on one provider. */
export type Group = {
  __typename?: 'Group';
  /** The provider's canonical id: Blueshift group_id (not its uuid); Usergrid group UUID where the response reveals it. */
  id: Scalars['ID']['output'];
  /** The group's display name, as the directory knows it; null when it has none. */
  name?: Maybe<Scalars['String']['output']>;
  provider: Provider;
};

/** The provider has no such group. */
export type GroupNotFoundError = MembershipError & {
  __typename?: 'GroupNotFoundError';
  code: MembershipErrorCode;
  groupId: Scalars['ID']['output'];
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** The input cannot be sent to the provider as it is. */
export type InvalidInputError = MembershipError & {
  __typename?: 'InvalidInputError';
  code: MembershipErrorCode;
  /** Input path, e.g. userRef.uuid */
  field: Scalars['String']['output'];
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** Every error member of the result union implements this; clients select it to stay forward-compatible. */
export type MembershipError = {
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** Stable machine code of a MembershipError; one per error type. */
export type MembershipErrorCode =
  | 'GROUP_NOT_FOUND'
  | 'INVALID_INPUT'
  | 'MEMBERSHIP_NOT_FOUND'
  | 'OUTCOME_UNKNOWN'
  | 'PERMISSION_DENIED'
  | 'PROVIDER_AUTH_FAILED'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_USER_REF'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_UNAVAILABLE'
  | 'USER_NOT_FOUND';

/** The user is not a member of the group; nothing was removed. */
export type MembershipNotFoundError = MembershipError & {
  __typename?: 'MembershipNotFoundError';
  code: MembershipErrorCode;
  /** null: the provider cannot tell whether the group exists (Blueshift) */
  groupExists?: Maybe<Scalars['Boolean']['output']>;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** The provider confirmed that the user left the group. */
export type MembershipRemoval = {
  __typename?: 'MembershipRemoval';
  group: Group;
  provider: Provider;
  /** When the provider confirmed the removal (server clock). */
  removedAt: Scalars['DateTime']['output'];
  /** The provider's request id (x-request-id or equivalent), for support. */
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  user: User;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Stops a job before its next ref; refs already answered keep their answers. null when there is no such job, or it belongs to another caller. */
  cancelBulkRemoval?: Maybe<BulkRemovalJob>;
  /** Removes one user from one group on the chosen provider. Provider answers are data, never top-level errors. */
  removeUserFromGroup: RemoveUserFromGroupResult;
  /** Removes many users from one group on the chosen provider: one result per ref, in order. A list longer than the server's cap (BULK_MAX_REFS, default 1000) is refused with a BAD_USER_INPUT error before anything is sent. */
  removeUsersFromGroup: BulkMembershipRemoval;
  /** Queues the removal of every ref from the group; returns at once. The same clientJobId from the same caller returns the same job. More refs than the server's cap (BULK_JOB_MAX_REFS, default 10000) are refused with a BAD_USER_INPUT error and nothing is queued. */
  startBulkRemoval: BulkRemovalJob;
};


export type MutationCancelBulkRemovalArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveUserFromGroupArgs = {
  groupId: Scalars['ID']['input'];
  provider: Provider;
  userRef: UserRef;
};


export type MutationRemoveUsersFromGroupArgs = {
  groupId: Scalars['ID']['input'];
  provider: Provider;
  userRefs: Array<UserRef>;
};


export type MutationStartBulkRemovalArgs = {
  clientJobId?: InputMaybe<Scalars['String']['input']>;
  groupId: Scalars['ID']['input'];
  provider: Provider;
  userRefs: Array<UserRef>;
};

/** The provider may or may not have removed the user: a request reached it and no definite answer came back. Repeating the call is safe. */
export type OutcomeUnknownError = MembershipError & {
  __typename?: 'OutcomeUnknownError';
  /** Removal attempts sent to the provider. */
  attempts: Scalars['Int']['output'];
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  reason: UpstreamFailureReason;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** Relay cursor pagination: where a page ends and whether more follows. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` for the next page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More answered positions follow this page (a running job may answer more later). */
  hasNextPage: Scalars['Boolean']['output'];
};

/** The provider's credentials lack the permission for this call (upstream 403). */
export type PermissionDeniedError = MembershipError & {
  __typename?: 'PermissionDeniedError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** The REST provider that holds the group. */
export type Provider =
  /** Blueshift customer groups (US or EU region). */
  | 'BLUESHIFT'
  /** Apache Usergrid application groups. */
  | 'USERGRID';

/** The provider rejected this server's credentials (upstream 401). */
export type ProviderAuthError = MembershipError & {
  __typename?: 'ProviderAuthError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** What a provider is and accepts, for clients that build forms. */
export type ProviderInfo = {
  __typename?: 'ProviderInfo';
  configured: Scalars['Boolean']['output'];
  /** SIMULATOR when the bundled simulator serves it, else the real base URL's host. */
  endpoint: Scalars['String']['output'];
  provider: Provider;
  supportedUserRefs: Array<UserRefKind>;
};

export type Query = {
  __typename?: 'Query';
  /** null when there is no such job, or it belongs to another caller. */
  bulkRemoval?: Maybe<BulkRemovalJob>;
  /** What each provider is and accepts, for clients that build forms. */
  providers: Array<ProviderInfo>;
};


export type QueryBulkRemovalArgs = {
  id: Scalars['ID']['input'];
};

/** The provider refused the call for now; nothing was removed. */
export type RateLimitedError = MembershipError & {
  __typename?: 'RateLimitedError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  retryAfterSeconds?: Maybe<Scalars['Int']['output']>;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

export type RemoveUserFromGroupResult = GroupNotFoundError | InvalidInputError | MembershipNotFoundError | MembershipRemoval | OutcomeUnknownError | PermissionDeniedError | ProviderAuthError | RateLimitedError | UnsupportedUserRefError | UpstreamError | UpstreamUnavailableError | UserNotFoundError;

/** The provider cannot identify a user this way. */
export type UnsupportedUserRefError = MembershipError & {
  __typename?: 'UnsupportedUserRefError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  supported: Array<UserRefKind>;
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** The provider answered something this server cannot read as a definite outcome: an unexpected status or body. */
export type UpstreamError = MembershipError & {
  __typename?: 'UpstreamError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

export type UpstreamFailureReason =
  /** This server did not call the upstream: recent calls to it failed (circuit open). */
  | 'CIRCUIT_OPEN'
  /** The connection was refused, reset or could not be made. */
  | 'NETWORK'
  /** This server did not call the upstream: too many calls to it are already in flight or queued here. */
  | 'OVERLOADED'
  /** The upstream answered with a server error status. */
  | 'SERVER_ERROR'
  /** The upstream did not answer in time. */
  | 'TIMEOUT';

/** The provider could not be reached or was unavailable; nothing was removed. */
export type UpstreamUnavailableError = MembershipError & {
  __typename?: 'UpstreamUnavailableError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  reason: UpstreamFailureReason;
  retryAfterSeconds?: Maybe<Scalars['Int']['output']>;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** A user (Blueshift customer or Usergrid user) on one provider. */
export type User = {
  __typename?: 'User';
  /** The user's display name, as the directory knows it; null when it has none. */
  displayName?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  /** The user's UUID. */
  id: Scalars['ID']['output'];
  provider: Provider;
  username?: Maybe<Scalars['String']['output']>;
};

/** The provider has no such user. */
export type UserNotFoundError = MembershipError & {
  __typename?: 'UserNotFoundError';
  code: MembershipErrorCode;
  /** Human-readable, safe to show; never contains a credential. */
  message: Scalars['String']['output'];
  provider: Provider;
  /** May the same call succeed if repeated later? */
  retryable: Scalars['Boolean']['output'];
  upstreamRequestId?: Maybe<Scalars['String']['output']>;
  /** The upstream HTTP status, null when no response was read. */
  upstreamStatus?: Maybe<Scalars['Int']['output']>;
};

/** Identifies one user. Give exactly one field. */
export type UserRef = {
  /** Both providers resolve it to the user's UUID first (Blueshift: GET /api/v1/customers?email=; Usergrid: a users query). */
  email?: InputMaybe<Scalars['EmailAddress']['input']>;
  /** Usergrid username. Blueshift has no usernames: UnsupportedUserRefError. */
  username?: InputMaybe<Scalars['String']['input']>;
  /** Blueshift customer UUID or Usergrid user UUID. */
  uuid?: InputMaybe<Scalars['UUID']['input']>;
};

/** A field of UserRef, as a provider accepts it. */
export type UserRefKind =
  | 'EMAIL'
  | 'USERNAME'
  | 'UUID';

export type StartBulkRemovalMutationVariables = Exact<{
  provider: Provider;
  groupId: Scalars['ID']['input'];
  userRefs: Array<UserRef> | UserRef;
  clientJobId?: InputMaybe<Scalars['String']['input']>;
}>;


export type StartBulkRemovalMutation = { __typename?: 'Mutation', startBulkRemoval: { __typename?: 'BulkRemovalJob', id: string, status: BulkRemovalStatus, total: number, done: number, removed: number, notMember: number, failed: number, unknown: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null } };

export type BulkRemovalProgressQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type BulkRemovalProgressQuery = { __typename?: 'Query', bulkRemoval?: { __typename?: 'BulkRemovalJob', id: string, status: BulkRemovalStatus, total: number, done: number, removed: number, notMember: number, failed: number, unknown: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null } | null };

export type BulkRemovalResultsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type BulkRemovalResultsQuery = { __typename?: 'Query', bulkRemoval?: { __typename?: 'BulkRemovalJob', results: { __typename?: 'BulkRemovalResultConnection', edges: Array<{ __typename?: 'BulkRemovalResultEdge', cursor: string, node: { __typename?: 'BulkRemovalItem', index: number, result: { __typename: 'GroupNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'InvalidInputError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'MembershipNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'MembershipRemoval', user: { __typename?: 'User', provider: Provider, id: string, username?: string | null, email?: string | null } } | { __typename: 'OutcomeUnknownError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'PermissionDeniedError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'ProviderAuthError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'RateLimitedError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UnsupportedUserRefError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UpstreamError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UpstreamUnavailableError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UserNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } | null };

export type BulkRemovalJobProgressFragment = { __typename?: 'BulkRemovalJob', id: string, status: BulkRemovalStatus, total: number, done: number, removed: number, notMember: number, failed: number, unknown: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null };

export type RemoveUserFromGroupMutationVariables = Exact<{
  provider: Provider;
  groupId: Scalars['ID']['input'];
  userRef: UserRef;
}>;


export type RemoveUserFromGroupMutation = { __typename?: 'Mutation', removeUserFromGroup: { __typename: 'GroupNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'InvalidInputError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'MembershipNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'MembershipRemoval', removedAt: string, upstreamRequestId?: string | null, group: { __typename?: 'Group', provider: Provider, id: string }, user: { __typename?: 'User', provider: Provider, id: string, username?: string | null, email?: string | null } } | { __typename: 'OutcomeUnknownError', attempts: number, code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'PermissionDeniedError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'ProviderAuthError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'RateLimitedError', retryAfterSeconds?: number | null, code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'UnsupportedUserRefError', supported: Array<UserRefKind>, code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'UpstreamError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'UpstreamUnavailableError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } | { __typename: 'UserNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean, upstreamStatus?: number | null, upstreamRequestId?: string | null } };

export type RemoveUsersFromGroupMutationVariables = Exact<{
  provider: Provider;
  groupId: Scalars['ID']['input'];
  userRefs: Array<UserRef> | UserRef;
}>;


export type RemoveUsersFromGroupMutation = { __typename?: 'Mutation', removeUsersFromGroup: { __typename?: 'BulkMembershipRemoval', removed: number, notMember: number, failed: number, unknown: number, results: Array<{ __typename: 'GroupNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'InvalidInputError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'MembershipNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'MembershipRemoval', user: { __typename?: 'User', provider: Provider, id: string, username?: string | null, email?: string | null } } | { __typename: 'OutcomeUnknownError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'PermissionDeniedError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'ProviderAuthError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'RateLimitedError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UnsupportedUserRefError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UpstreamError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UpstreamUnavailableError', code: MembershipErrorCode, message: string, retryable: boolean } | { __typename: 'UserNotFoundError', code: MembershipErrorCode, message: string, retryable: boolean }> } };

export const BulkRemovalJobProgressFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BulkRemovalJobProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BulkRemovalJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"notMember"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<BulkRemovalJobProgressFragment, unknown>;
export const StartBulkRemovalDocument = {"__meta__":{"hash":"b29dfa2e219fb80bf03e62db6759c3ebec6e7898e223773784feec5bb781f513"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartBulkRemoval"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userRefs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserRef"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientJobId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startBulkRemoval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"userRefs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userRefs"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientJobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientJobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BulkRemovalJobProgress"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BulkRemovalJobProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BulkRemovalJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"notMember"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<StartBulkRemovalMutation, StartBulkRemovalMutationVariables>;
export const BulkRemovalProgressDocument = {"__meta__":{"hash":"5b32ca8b2699e6331851b3c43f728a28bf7b73973034223d23cc07d644d99a6e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BulkRemovalProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkRemoval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BulkRemovalJobProgress"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BulkRemovalJobProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BulkRemovalJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"notMember"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<BulkRemovalProgressQuery, BulkRemovalProgressQueryVariables>;
export const BulkRemovalResultsDocument = {"__meta__":{"hash":"ca3d6c3af9e95eabc17a8d1d2cff8bc84fdf78db7c17b2c47a659dab4b4793de"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BulkRemovalResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkRemoval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipRemoval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulkRemovalResultsQuery, BulkRemovalResultsQueryVariables>;
export const RemoveUserFromGroupDocument = {"__meta__":{"hash":"21741dcd287714aad458c1a82ddbd277c372f2bebab07b747aace433c5ecf8a7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveUserFromGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userRef"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserRef"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeUserFromGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"userRef"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userRef"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipRemoval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removedAt"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamRequestId"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnsupportedUserRefError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"supported"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutcomeUnknownError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempts"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamStatus"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamRequestId"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveUserFromGroupMutation, RemoveUserFromGroupMutationVariables>;
export const RemoveUsersFromGroupDocument = {"__meta__":{"hash":"3383b475a55f2e23843ff1bf9630ac13e4350025fbf915169fce7cf8c8078894"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveUsersFromGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userRefs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserRef"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeUsersFromGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"userRefs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userRefs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"notMember"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipRemoval"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RemoveUsersFromGroupMutation, RemoveUsersFromGroupMutationVariables>;