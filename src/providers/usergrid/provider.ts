import DataLoader from "dataloader";
import type { Secret } from "../../config/secret";
import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import { MembershipError } from "../../graphql/errors/membership-error.interface";
import { UpstreamError } from "../../graphql/errors/upstream.error";
import { UserNotFoundError } from "../../graphql/errors/user-not-found.error";
import { Group } from "../../graphql/group.type";
import { ProviderInfo } from "../../graphql/provider-info.type";
import { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import { UserRefKind } from "../../graphql/user-ref-kind.enum";
import { User } from "../../graphql/user.type";
import { lastAttempt, scopeFrom, type Attempt, type CallPolicy, type CallScope } from "../../http/call-policy";
import type { UpstreamClient } from "../../http/upstream-client";
import type { BulkLimiter } from "../bulk/bulk-limiter";
import type { EntityAnswer, MembershipProvider, ProviderSession } from "../membership-provider";
import { decideRemoval } from "../../removal/outcome-rule";
import type { CredentialScrubber } from "../scrub";
import { upstreamFields } from "../../removal/upstream-errors";
import type { UserKey } from "../../removal/user-key";
import { UsergridClient } from "./client";
import { encodeGroupPath } from "./group-path";
import { segmentProblem } from "./path-segment";
import { sameEmail } from "../../removal/same-email";
import { confirmRemoval, entityFromRead, errorCode, notAMember, usergridError, usersIn, UUID_SHAPE, type UsergridUser, type UsergridVoice } from "./to-result";
import { TokenSource } from "./token-source";

const SUPPORTED_USER_REFS = [UserRefKind.UUID, UserRefKind.USERNAME, UserRefKind.EMAIL];

export interface UsergridProviderOptions {
  http: UpstreamClient;
  policy: CallPolicy;
  org: string;
  app: string;
  clientId: string;
  clientSecret: Secret;
  /** Removes the secret and every access token, in every form, from Usergrid's text before it goes anywhere. */
  credentials: CredentialScrubber;
  /** UPSTREAM_DEADLINE_MS: what one removal may take, all its calls together. */
  deadlineMs: number;
  endpoint: string;
  configured: boolean;
  bulk: BulkLimiter;
  /** Told of each access token fetched (token-refresh metric). */
  tokenFetched: (expiresInSeconds: number) => void;
}

export class UsergridProvider implements MembershipProvider {
  readonly provider = Provider.USERGRID;
  readonly bulk: BulkLimiter;
  private readonly client: UsergridClient;
  private readonly voice: UsergridVoice;

  constructor(private readonly options: UsergridProviderOptions) {
    this.bulk = options.bulk;
    this.voice = {
      provider: Provider.USERGRID,
      name: "Usergrid",
      org: options.org,
      app: options.app,
      authHint: "Usergrid refused this server's application credentials: check USERGRID_CLIENT_ID and USERGRID_CLIENT_SECRET.",
      permissionHint: "The application's credentials lack permission for this group.",
      scrub: (text) => options.credentials.scrub(text),
    };
    const appPath = `/${encodeURIComponent(options.org)}/${encodeURIComponent(options.app)}`;
    const tokens = new TokenSource(options.http, options.policy, this.voice, appPath, options.clientId, options.clientSecret, (token, expiresInSeconds) => {
      // Current and previous tokens alike: Usergrid may echo one it has just refused.
      options.credentials.remember(token);
      options.tokenFetched(expiresInSeconds);
    });
    this.client = new UsergridClient(options.http, options.policy, tokens, appPath);
  }

  describe(): ProviderInfo {
    return new ProviderInfo({ provider: this.provider, configured: this.options.configured, endpoint: this.options.endpoint, supportedUserRefs: SUPPORTED_USER_REFS });
  }

  openSession(): ProviderSession {
    return new UsergridSession(this.client, this.voice, this.options.deadlineMs);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** An email to look up, with the scope of the removal that first asked for it. */
interface EmailLookup {
  email: string;
  scope: CallScope;
}

class UsergridSession implements ProviderSession {
  private emailLoader: DataLoader<EmailLookup, UsergridUser | MembershipError, string> | undefined;

  constructor(
    private readonly client: UsergridClient,
    private readonly voice: UsergridVoice,
    private readonly deadlineMs: number,
  ) {}

  /** Email → user, deduplicated within one GraphQL request. Made on the first email: most removals never need it. */
  private get usersByEmail(): DataLoader<EmailLookup, UsergridUser | MembershipError, string> {
    return (this.emailLoader ??= new DataLoader((lookups) => Promise.all(lookups.map(({ email, scope }) => this.findByEmail(email, scope))), {
      cacheKeyFn: ({ email }) => email.toLowerCase(),
    }));
  }

  async removeUser(groupId: string, user: UserKey): Promise<RemoveUserFromGroupResult> {
    const groupPath = encodeGroupPath(groupId);
    if (groupPath instanceof InvalidInputError) return groupPath;
    // One deadline for the whole removal: token, lookup, membership read, DELETE, and the reads
    // that explain a missing membership (up to four calls in a row for an email).
    const scope = scopeFrom(this.deadlineMs);

    // Who: a UUID or username is addressed directly; an email is looked up first, since the
    // DELETE route does not resolve emails (docs/usergrid.md §1).
    let segment: string;
    let resolved: UsergridUser | undefined;
    if (user.kind === UserRefKind.EMAIL) {
      const found = await this.usersByEmail.load({ email: user.email, scope });
      if (found instanceof MembershipError) {
        // A lookup that may succeed later is not this request's answer for good: a bulk call
        // repeats a rate-limited ref after its pause, and that must ask again.
        if (found.retryable) this.usersByEmail.clear({ email: user.email, scope });
        return found;
      }
      resolved = found;
      segment = found.uuid;
    } else if (user.kind === UserRefKind.USERNAME) {
      const problem = user.username.includes("/") ? "contains '/'" : segmentProblem(user.username);
      if (problem !== null) {
        return new InvalidInputError({
          provider: Provider.USERGRID,
          field: "userRef.username",
          message: `This username cannot be addressed safely in a Usergrid path: it ${problem}. Use the user's uuid or email.`,
        });
      }
      segment = user.username;
    } else {
      segment = user.uuid;
    }

    // Usergrid answers 200 to a DELETE for a non-member, so membership is read first: without it
    // this server would report a removal that did not happen (docs/contract.md §2).
    const membership = await this.client.getMembership(groupPath, segment, scope);
    if (membership instanceof MembershipError) return membership;
    const read = lastAttempt(membership);
    if (read.kind === "failure" || read.response.status !== 200) return this.explainMissingMembership(read, groupId, segment, resolved, scope);
    const members = usersIn(read.response);
    if (!members || members.length === 0) {
      return new UpstreamError({ ...upstreamFields(this.voice, read.response), message: "Usergrid's membership read answered 200 without a readable user." });
    }
    // The DELETE goes to the UUID this read names, so the read must name exactly the user asked
    // for: a segment Usergrid read as a query would list someone else (docs/usergrid.md §1a).
    const [member] = members;
    if (members.length !== 1 || !member || !isRequestedUser(member, user, resolved)) {
      return new UpstreamError({
        ...upstreamFields(this.voice, read.response),
        message: "Usergrid's membership read answered for another user than the one asked for; nothing was removed.",
      });
    }

    const attempts = await this.client.removeMember(groupPath, member.uuid, scope);
    if (attempts instanceof MembershipError) return attempts;
    return decideRemoval(this.voice, attempts, {
      confirmed: (response) => confirmRemoval(this.voice, response, groupId, member),
      definite: (last) => usergridError(this.voice, last, groupId),
    });
  }

  /** `User.id` is the user's UUID: anything else names no user, so it is not sent (a username would be read as one). */
  findUsers(ids: readonly string[]): Promise<EntityAnswer<User>[]> {
    const scope = scopeFrom(this.deadlineMs, true);
    return Promise.all(
      ids.map(async (id) => {
        if (!UUID_SHAPE.test(id)) return null;
        const attempts = await this.client.getUser(id.toLowerCase(), scope);
        if (attempts instanceof MembershipError) return attempts;
        return entityFromRead(this.voice, lastAttempt(attempts), (response) => {
          const user = usersIn(response)?.[0];
          if (!user) return new UpstreamError({ ...upstreamFields(this.voice, response), message: "Usergrid's user read answered 200 without a readable user." });
          if (user.uuid !== id.toLowerCase()) {
            return new UpstreamError({ ...upstreamFields(this.voice, response), message: "Usergrid's user read answered for another user than the one asked for." });
          }
          return new User(Provider.USERGRID, user.uuid, { username: user.username, email: user.email });
        });
      }),
    );
  }

  /** A group id is its UUID or path; a path that cannot be addressed safely names no group that can be read. */
  findGroups(ids: readonly string[]): Promise<EntityAnswer<Group>[]> {
    const scope = scopeFrom(this.deadlineMs, true);
    return Promise.all(
      ids.map(async (id) => {
        const groupPath = encodeGroupPath(id);
        if (groupPath instanceof InvalidInputError) return null;
        const attempts = await this.client.getGroup(groupPath, scope);
        if (attempts instanceof MembershipError) return attempts;
        return entityFromRead(this.voice, lastAttempt(attempts), () => new Group(Provider.USERGRID, id));
      }),
    );
  }

  /** The membership read said no: tell "no such user" from "not a member" (one more read, only on this path). */
  private async explainMissingMembership(
    read: Attempt,
    groupId: string,
    segment: string,
    resolved: UsergridUser | undefined,
    scope: CallScope,
  ): Promise<MembershipError> {
    if (read.kind === "failure" || read.response.status !== 404 || errorCode(read.response) !== "service_resource_not_found") {
      return usergridError(this.voice, read, groupId);
    }
    if (resolved) return notAMember(this.voice, read.response, groupId);
    const lookup = await this.client.getUser(segment, scope);
    if (lookup instanceof MembershipError) return lookup;
    const found = lastAttempt(lookup);
    if (found.kind === "response" && found.response.status === 200) return notAMember(this.voice, read.response, groupId);
    if (found.kind === "response" && found.response.status === 404) {
      return new UserNotFoundError({ ...upstreamFields(this.voice, found.response), message: "Usergrid has no such user." });
    }
    return usergridError(this.voice, found, groupId);
  }

  /** Usergrid's query language has no escapes: an email with ' or \ could change the query, so it is refused. */
  private async findByEmail(email: string, scope: CallScope): Promise<UsergridUser | MembershipError> {
    if (/['\\]/.test(email)) {
      return new InvalidInputError({ provider: Provider.USERGRID, field: "userRef.email", message: "Usergrid cannot query an email containing ' or \\: use the user's uuid or username." });
    }
    const attempts = await this.client.findUsersByEmail(email, scope);
    if (attempts instanceof MembershipError) return attempts;
    const last = lastAttempt(attempts);
    if (last.kind === "failure" || last.response.status !== 200) return usergridError(this.voice, last, "");
    const listed = usersIn(last.response);
    if (!listed) return new UpstreamError({ ...upstreamFields(this.voice, last.response), message: "Usergrid's users query answered 200 without a readable entities list." });
    // Only a user whose own email is the one asked for is that user, whatever the query matched.
    const users = listed.filter((u) => sameEmail(u.email, email));
    const uuids = new Set(users.map((u) => u.uuid));
    if (uuids.size === 0) return new UserNotFoundError({ ...upstreamFields(this.voice, last.response), message: `Usergrid has no user with email ${email}.` });
    if (uuids.size > 1) {
      return new InvalidInputError({ ...upstreamFields(this.voice, last.response), field: "userRef.email", message: `${uuids.size} Usergrid users have email ${email}; give the user's uuid or username instead.` });
    }
    return users[0] as UsergridUser;
  }
}

/** The user a membership read names is the one the ref asked for: same UUID, or same username (Usergrid compares them lowercased). */
function isRequestedUser(member: UsergridUser, user: UserKey, resolved: UsergridUser | undefined): boolean {
  switch (user.kind) {
    case UserRefKind.UUID:
      return member.uuid === user.uuid.toLowerCase();
    case UserRefKind.USERNAME:
      return member.username !== null && member.username.toLowerCase() === user.username.toLowerCase();
    case UserRefKind.EMAIL:
      return resolved !== undefined && member.uuid === resolved.uuid;
  }
}
