import DataLoader from "dataloader";
import type { Secret } from "../../config/secret";
import { Group } from "../../graphql/group.type";
import { ProviderInfo } from "../../graphql/provider-info.type";
import { Provider } from "../../graphql/provider.enum";
import { UnsupportedUserRefError } from "../../graphql/errors/unsupported-user-ref.error";
import { MembershipError } from "../../graphql/errors/membership-error.interface";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import { UserRefKind } from "../../graphql/user-ref-kind.enum";
import type { User } from "../../graphql/user.type";
import { lastAttempt, scopeFrom, type CallPolicy, type CallScope } from "../../http/call-policy";
import type { UpstreamClient } from "../../http/upstream-client";
import type { BulkLimiter } from "../bulk/bulk-limiter";
import type { EntityAnswer, MembershipProvider, ProviderSession } from "../membership-provider";
import { decideRemoval } from "../../removal/outcome-rule";
import type { CredentialScrubber } from "../scrub";
import type { ProviderVoice } from "../../removal/upstream-errors";
import type { UserKey } from "../../removal/user-key";
import { BlueshiftClient } from "./client";
import { confirmRemoval, customerFromSearch, notFound, removalError, userFromCustomerRead, UUID_SHAPE, type Customer } from "./to-result";

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

/** An email to look up, with the scope of the removal that first asked for it. */
interface EmailLookup {
  email: string;
  scope: CallScope;
}

class BlueshiftSession implements ProviderSession {
  private emailLoader: DataLoader<EmailLookup, Customer | MembershipError, string> | undefined;

  constructor(
    private readonly client: BlueshiftClient,
    private readonly voice: ProviderVoice,
    private readonly deadlineMs: number,
  ) {}

  /**
   * Email → customer, deduplicated within one GraphQL request (Blueshift searches one email per
   * call). Made on the first email: most removals name a UUID and never need it.
   */
  private get customersByEmail(): DataLoader<EmailLookup, Customer | MembershipError, string> {
    const { client, voice } = this;
    return (this.emailLoader ??= new DataLoader(
      (lookups) => Promise.all(lookups.map(async ({ email, scope }) => customerFromSearch(voice, await client.searchByEmail(email, scope), email))),
      { cacheKeyFn: ({ email }) => email.toLowerCase() },
    ));
  }

  removeUser(groupId: string, user: UserKey): Promise<RemoveUserFromGroupResult> {
    if (user.kind === UserRefKind.USERNAME) {
      return Promise.resolve(
        new UnsupportedUserRefError({
          provider: Provider.BLUESHIFT,
          supported: SUPPORTED_USER_REFS,
          message: "Blueshift customers have no username; identify the customer by uuid or email.",
        }),
      );
    }
    // One deadline for the whole removal: the search, the DELETE and the 404 follow-up read.
    const scope = scopeFrom(this.deadlineMs);
    if (user.kind === UserRefKind.EMAIL) return this.removeByEmail(groupId, user.email, scope);
    return this.removeCustomer(groupId, { uuid: user.uuid, email: null }, scope);
  }

  private async removeByEmail(groupId: string, email: string, scope: CallScope): Promise<RemoveUserFromGroupResult> {
    const found = await this.customersByEmail.load({ email, scope });
    if (found instanceof MembershipError) {
      // A lookup that may succeed later is not this request's answer for good: a bulk call
      // repeats a rate-limited ref after its pause, and that must ask again.
      if (found.retryable) this.customersByEmail.clear({ email, scope });
      return found;
    }
    return this.removeCustomer(groupId, found, scope);
  }

  /** A `then` rather than an async function: a removal by UUID, nearly every one, needs no generator frame. */
  private removeCustomer(groupId: string, customer: Customer, scope: CallScope): Promise<RemoveUserFromGroupResult> {
    return this.client.removeUser(groupId, customer.uuid, scope).then((attempts) =>
      decideRemoval(this.voice, attempts, {
        confirmed: (response) => confirmRemoval(this.voice, response, groupId, customer),
        definite: async (last) => {
          if (last.kind === "response" && last.response.status === 404) {
            const lookup = lastAttempt(await this.client.getCustomer(customer.uuid, scope));
            return notFound(this.voice, last.response, groupId, lookup);
          }
          return removalError(this.voice, last);
        },
      }),
    );
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
