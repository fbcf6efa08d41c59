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
import { meaningOf } from "../../http/status-table";
import type { UpstreamClient } from "../../http/upstream-client";
import type { UpstreamResponse } from "../../http/upstream-response";
import type { BulkLimiter } from "../bulk/bulk-limiter";
import type { EntityAnswer, MembershipProvider, ProviderSession } from "../membership-provider";
import { EmailLookups } from "../kit/email-lookups";
import type { NamedUser } from "../kit/named-user";
import type { MembershipCheck, ResolvedUser } from "../removal-hooks";
import type { CredentialScrubber } from "../scrub";
import { upstreamFields } from "../kit/provider-voice";
import type { UserKey } from "../kit/user-key";
import { userWithEmail } from "../kit/user-with-email";
import { UUID_SHAPE } from "../kit/uuid-shape";
import { UsergridClient } from "./client";
import { encodeGroupPath } from "./group-path";
import { segmentProblem } from "./path-segment";
import { confirmRemoval, entityFromRead, errorCode, notAMember, tokenError, usergridError, usersIn, type UsergridVoice } from "./to-result";
import { NoToken, TokenSource } from "./token-source";

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
      userNoun: "user",
      otherRefs: "uuid or username",
      org: options.org,
      app: options.app,
      authHint: "Usergrid refused this server's application credentials: check USERGRID_CLIENT_ID and USERGRID_CLIENT_SECRET.",
      permissionHint: "The application's credentials lack permission for this group.",
      scrub: (text) => options.credentials.scrub(text),
    };
    const appPath = `/${encodeURIComponent(options.org)}/${encodeURIComponent(options.app)}`;
    const tokens = new TokenSource(options.http, options.policy, appPath, options.clientId, options.clientSecret, (token, expiresInSeconds) => {
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

/** Where a Usergrid removal goes, and whom it addresses before the membership read names them. */
interface UsergridTarget {
  groupId: string;
  /** The group path or UUID, encoded segment by segment (group-path.ts). */
  groupPath: string;
  /** The user as the membership read addresses them: a UUID, a username, or an email's UUID. */
  segment: string;
  /** The user an email lookup found: such a user exists, so a missing membership needs no further read. */
  found: NamedUser | null;
}

/** A Usergrid removal once the membership read has named the member, by the UUID the DELETE will carry. */
interface UsergridMember {
  groupId: string;
  groupPath: string;
  user: NamedUser;
}

/** A Usergrid request's view: the removal hooks (run by removeMembership) and entity reads. */
class UsergridSession implements ProviderSession {
  private readonly usersByEmail: EmailLookups<NamedUser>;

  constructor(
    private readonly client: UsergridClient,
    readonly voice: UsergridVoice,
    readonly deadlineMs: number,
  ) {
    this.usersByEmail = new EmailLookups((email, scope) => this.findByEmail(email, scope));
  }

  /**
   * A UUID or username is addressed directly; an email is looked up first, since the DELETE route
   * does not resolve emails (docs/usergrid.md §1). A group path or username that cannot be
   * addressed safely is refused before anything is sent (docs/contract.md §2, path safety).
   */
  async resolveUser(groupId: string, user: UserKey, scope: CallScope): Promise<ResolvedUser<UsergridTarget> | MembershipError> {
    const groupPath = encodeGroupPath(groupId);
    if (groupPath instanceof InvalidInputError) return groupPath;
    switch (user.kind) {
      case UserRefKind.EMAIL: {
        const found = await this.usersByEmail.load(user.email, scope);
        if (found instanceof MembershipError) return found;
        return { target: { groupId, groupPath, segment: found.uuid, found }, found };
      }
      case UserRefKind.USERNAME: {
        const problem = user.username.includes("/") ? "contains '/'" : segmentProblem(user.username);
        if (problem !== null) {
          return new InvalidInputError({
            provider: Provider.USERGRID,
            field: "userRef.username",
            message: `This username cannot be addressed safely in a Usergrid path: it ${problem}. Use the user's uuid or email.`,
          });
        }
        return { target: { groupId, groupPath, segment: user.username, found: null }, found: null };
      }
      case UserRefKind.UUID:
        return { target: { groupId, groupPath, segment: user.uuid, found: null }, found: null };
    }
  }

  /**
   * Usergrid answers 200 to a DELETE for a non-member, so membership is read first: without it
   * this server would report a removal that did not happen (docs/contract.md §2). The DELETE then
   * goes to the UUID this read names, which removeMembership checks is the user asked for.
   */
  async checkMembership(target: UsergridTarget, scope: CallScope): Promise<MembershipCheck<UsergridMember> | MembershipError> {
    const read = await this.answerOf(this.client.getMembership(target.groupPath, target.segment, scope));
    if (read instanceof MembershipError) return read;
    if (read.kind === "failure" || read.response.status !== 200) return this.explainMissingMembership(read, target, scope);
    const named = usersIn(read.response);
    const user = named?.[0];
    if (!named || !user) {
      return new UpstreamError({ ...upstreamFields(this.voice, read.response), message: "Usergrid's membership read answered 200 without a readable user." });
    }
    return { member: { groupId: target.groupId, groupPath: target.groupPath, user }, user, read: { named, response: read.response } };
  }

  async sendRemoval(member: UsergridMember, scope: CallScope): Promise<Attempt[] | MembershipError> {
    const attempts = await this.client.removeMember(member.groupPath, member.user.uuid, scope);
    if (!(attempts instanceof NoToken)) return attempts;
    // A DELETE that may have been applied before its token was refused (a timeout, then 401
    // expired_token) is the outcome rule's to judge: the failed token fetch says nothing of it.
    if (attempts.sentBefore.some((attempt) => meaningOf(attempt).mayHaveApplied)) return [...attempts.sentBefore];
    return tokenError(this.voice, attempts);
  }

  confirmRemoval(member: UsergridMember, response: UpstreamResponse): RemoveUserFromGroupResult {
    return confirmRemoval(this.voice, response, member.groupId, member.user);
  }

  async explainFailure(member: UsergridMember, last: Attempt): Promise<MembershipError> {
    return usergridError(this.voice, last, member.groupId);
  }

  /** `User.id` is the user's UUID: anything else names no user, so it is not sent (a username would be read as one). */
  findUsers(ids: readonly string[]): Promise<EntityAnswer<User>[]> {
    const scope = scopeFrom(this.deadlineMs, true);
    return Promise.all(
      ids.map(async (id) => {
        if (!UUID_SHAPE.test(id)) return null;
        const read = await this.answerOf(this.client.getUser(id.toLowerCase(), scope));
        if (read instanceof MembershipError) return read;
        return entityFromRead(this.voice, read, (response) => {
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
        const read = await this.answerOf(this.client.getGroup(groupPath, scope));
        if (read instanceof MembershipError) return read;
        return entityFromRead(this.voice, read, () => new Group(Provider.USERGRID, id));
      }),
    );
  }

  /** The membership read said no: tell "no such user" from "not a member" (one more read, only on this path). */
  private async explainMissingMembership(read: Attempt, target: UsergridTarget, scope: CallScope): Promise<MembershipError> {
    if (read.kind === "failure" || read.response.status !== 404 || errorCode(read.response) !== "service_resource_not_found") {
      return usergridError(this.voice, read, target.groupId);
    }
    if (target.found) return notAMember(this.voice, read.response, target.groupId);
    const found = await this.answerOf(this.client.getUser(target.segment, scope));
    if (found instanceof MembershipError) return found;
    if (found.kind === "response" && found.response.status === 200) return notAMember(this.voice, read.response, target.groupId);
    if (found.kind === "response" && found.response.status === 404) {
      return new UserNotFoundError({ ...upstreamFields(this.voice, found.response), message: "Usergrid has no such user." });
    }
    return usergridError(this.voice, found, target.groupId);
  }

  /** Usergrid's query language has no escapes: an email with ' or \ could change the query, so it is refused. */
  private async findByEmail(email: string, scope: CallScope): Promise<NamedUser | MembershipError> {
    if (/['\\]/.test(email)) {
      return new InvalidInputError({ provider: Provider.USERGRID, field: "userRef.email", message: "Usergrid cannot query an email containing ' or \\: use the user's uuid or username." });
    }
    const last = await this.answerOf(this.client.findUsersByEmail(email, scope));
    if (last instanceof MembershipError) return last;
    if (last.kind === "failure" || last.response.status !== 200) return usergridError(this.voice, last, "");
    const listed = usersIn(last.response);
    if (!listed) return new UpstreamError({ ...upstreamFields(this.voice, last.response), message: "Usergrid's users query answered 200 without a readable entities list." });
    return userWithEmail(this.voice, last.response, listed, email);
  }

  /** A read's answer: its last attempt, or why no token could be had to send it. */
  private async answerOf(call: Promise<Attempt[] | NoToken>): Promise<Attempt | MembershipError> {
    const attempts = await call;
    return attempts instanceof NoToken ? tokenError(this.voice, attempts) : lastAttempt(attempts);
  }
}
