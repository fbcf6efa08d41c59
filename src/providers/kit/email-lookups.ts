import DataLoader from "dataloader";
import { MembershipError } from "../../graphql/errors/membership-error.interface";
import type { CallScope } from "../../http/call-policy";

/** An email to look up, with the scope of the removal that first asked for it. */
interface EmailLookup {
  email: string;
  scope: CallScope;
}

/**
 * Email → user within one GraphQL request: a bulk call naming an email twice, or in two cases, asks
 * the provider once (both providers compare emails lowercased, docs/usergrid.md §6). Never shared
 * with another request, so one caller's lookups are never served to another. Made on the first
 * email: most removals name a UUID and never need it.
 */
export class EmailLookups<User> {
  private loader: DataLoader<EmailLookup, User | MembershipError, string> | undefined;

  /** `find` asks the provider for one email, within the scope of the removal that asked first. */
  constructor(private readonly find: (email: string, scope: CallScope) => Promise<User | MembershipError>) {}

  async load(email: string, scope: CallScope): Promise<User | MembershipError> {
    this.loader ??= new DataLoader((lookups) => Promise.all(lookups.map((lookup) => this.find(lookup.email, lookup.scope))), {
      cacheKeyFn: ({ email: key }) => key.toLowerCase(),
    });
    const found = await this.loader.load({ email, scope });
    // A lookup that may succeed later is not this request's answer for good: a bulk call repeats
    // a rate-limited ref after its pause, and that must ask again.
    if (found instanceof MembershipError && found.retryable) this.loader.clear({ email, scope });
    return found;
  }
}
