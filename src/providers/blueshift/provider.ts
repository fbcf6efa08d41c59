import type { Secret } from "../../config/secret";
import { Group } from "../../graphql/group.type";
import { ProviderInfo } from "../../graphql/provider-info.type";
import { Provider } from "../../graphql/provider.enum";
import { UnsupportedUserRefError } from "../../graphql/errors/unsupported-user-ref.error";
import { MembershipError } from "../../graphql/errors/membership-error.interface";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import { UserRefKind } from "../../graphql/user-ref-kind.enum";
import type { User } from "../../graphql/user.type";
import { lastAttempt, scopeFrom, type Attempt, type CallPolicy, type CallScope } from "../../http/call-policy";
import type { UpstreamClient } from "../../http/upstream-client";
import type { UpstreamResponse } from "../../http/upstream-response";
import type { BulkLimiter } from "../bulk/bulk-limiter";
import type { EntityAnswer, MembershipProvider, ProviderSession } from "../membership-provider";
import { EmailLookups } from "../kit/email-lookups";
import type { NamedUser } from "../kit/named-user";
import type { MembershipCheck, ResolvedUser } from "../removal-hooks";
import type { CredentialScrubber } from "../scrub";
import type { ProviderVoice } from "../kit/provider-voice";
import type { UserKey } from "../kit/user-key";
import { UUID_SHAPE } from "../kit/uuid-shape";
import { BlueshiftClient } from "./client";
import { confirmRemoval, customerFromSearch, notFound, removalError, userFromCustomerRead } from "./to-result";

const SUPPORTED_USER_REFS = [UserRefKind.UUID, UserRefKind.EMAIL];

export interface BlueshiftProviderOptions {
  http: UpstreamClient;
  policy: CallPolicy;
  apiKey: Secret;
  /** Removes the key, in every form, from Blueshift's text before it goes anywhere. */
  credentials: CredentialScrubber;
  /** UPSTREAM_DEADLINE_MS: what one removal may take, all its calls together. */
  deadlineMs: number;
  /** Where requests go, for Query.providers: "SIMULATOR" or the real host. */
  endpoint: string;
  configured: boolean;
  bulk: BulkLimiter;
  region: string;
}

export class BlueshiftProvider implements MembershipProvider {
  readonly provider = Provider.BLUESHIFT;
  readonly bulk: BulkLimiter;
  private readonly client: BlueshiftClient;
  private readonly voice: ProviderVoice;

  constructor(private readonly options: BlueshiftProviderOptions) {
    this.bulk = options.bulk;
    this.client = new BlueshiftClient(options.http, options.policy, options.apiKey);
    this.voice = {
      provider: Provider.BLUESHIFT,
      name: "Blueshift",
      userNoun: "customer",
      otherRefs: "uuid",
      authHint:
        `Blueshift rejected this server's API key: check that BLUESHIFT_API_KEY is the User API key (not the Event API key), ` +
        `that it was not regenerated, and that the account is in the configured region (${options.region}).`,
      permissionHint:
        "The API key lacks permission for customer groups, a premium feature: ask your Blueshift CSM to enable customer groups for the account.",
      scrub: (text) => options.credentials.scrub(text),
    };
  }

  describe(): ProviderInfo {
    return new ProviderInfo({ provider: this.provider, configured: this.options.configured, endpoint: this.options.endpoint, supportedUserRefs: SUPPORTED_USER_REFS });
  }

  openSession(): ProviderSession {
    return new BlueshiftSession(this.client, this.voice, this.options.deadlineMs);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** One Blueshift removal: the group as given, and the customer by UUID (the DELETE takes no email). */
interface BlueshiftRemoval {
  groupId: string;
  customer: NamedUser;
}

/** A Blueshift request's view: the removal hooks (run by removeMembership) and entity reads. */
class BlueshiftSession implements ProviderSession {
  /** Blueshift searches one email per call (docs/blueshift.md §5). */
  private readonly customersByEmail: EmailLookups<NamedUser>;

  constructor(
    private readonly client: BlueshiftClient,
    readonly voice: ProviderVoice,
    readonly deadlineMs: number,
  ) {
    this.customersByEmail = new EmailLookups(async (email, scope) => customerFromSearch(voice, await client.searchByEmail(email, scope), email));
  }

  async resolveUser(groupId: string, user: UserKey, scope: CallScope): Promise<ResolvedUser<BlueshiftRemoval> | MembershipError> {
    switch (user.kind) {
      case UserRefKind.USERNAME:
        return new UnsupportedUserRefError({
          provider: Provider.BLUESHIFT,
          supported: SUPPORTED_USER_REFS,
          message: "Blueshift customers have no username; identify the customer by uuid or email.",
        });
      case UserRefKind.UUID:
        return { target: { groupId, customer: { uuid: user.uuid.toLowerCase(), username: null, email: null } }, found: null };
      case UserRefKind.EMAIL: {
        const found = await this.customersByEmail.load(user.email, scope);
        if (found instanceof MembershipError) return found;
        return { target: { groupId, customer: found }, found };
      }
    }
  }

  /**
   * Blueshift has no endpoint that reads a membership (docs/blueshift.md §1.1): the removal goes
   * ahead, and its 404 is explained by reading the customer (explainFailure).
   */
  async checkMembership(removal: BlueshiftRemoval): Promise<MembershipCheck<BlueshiftRemoval>> {
    return { member: removal, user: removal.customer, read: null };
  }

  sendRemoval(removal: BlueshiftRemoval, scope: CallScope): Promise<Attempt[]> {
    return this.client.removeUser(removal.groupId, removal.customer.uuid, scope);
  }

  confirmRemoval(removal: BlueshiftRemoval, response: UpstreamResponse): RemoveUserFromGroupResult {
    return confirmRemoval(this.voice, response, removal.groupId, removal.customer);
  }

  /** Blueshift answers one 404 for no group, no customer and no membership: the customer is read to say which. */
  async explainFailure(removal: BlueshiftRemoval, last: Attempt, scope: CallScope): Promise<MembershipError> {
    if (last.kind === "response" && last.response.status === 404) {
      const lookup = lastAttempt(await this.client.getCustomer(removal.customer.uuid, scope));
      return notFound(this.voice, last.response, removal.groupId, lookup);
    }
    return removalError(this.voice, last);
  }

  /** Blueshift reads one customer per call; an id that is not a UUID names no customer, so it is not sent. */
  findUsers(ids: readonly string[]): Promise<EntityAnswer<User>[]> {
    const scope = scopeFrom(this.deadlineMs, true);
    return Promise.all(
      ids.map(async (id) => {
        if (!UUID_SHAPE.test(id)) return null;
        const uuid = id.toLowerCase();
        return userFromCustomerRead(this.voice, lastAttempt(await this.client.getCustomer(uuid, scope)), uuid);
      }),
    );
  }

  /**
   * Blueshift has no endpoint that reads a customer group (docs/blueshift.md §1.1: groups are viewed in
   * the UI only), so a reference cannot be checked and resolves to its own key. Answering null
   * instead would tell the gateway the group does not exist, which nobody can know.
   */
  async findGroups(ids: readonly string[]): Promise<EntityAnswer<Group>[]> {
    return ids.map((id) => new Group(Provider.BLUESHIFT, id));
  }
}
