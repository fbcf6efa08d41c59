import type { Caller } from "../auth/caller";
import type { BulkJobs } from "../jobs/bulk-jobs";
import type { RemovalLedger } from "../removal/removal-ledger";
import type { UserKey } from "../providers/kit/user-key";
import type { Provider } from "./provider.enum";
import type { MembershipProvider, ProviderSession } from "../providers/membership-provider";
import type { Logger } from "../log/logger";
import { EntityLoaders } from "./entity-loaders";

/** One removal as the request's audit line records it. */
export interface RemovalRecord {
  provider: Provider;
  groupId: string;
  /** null when the input was refused before it named a user. */
  user: UserKey | null;
  /** The result's __typename. */
  result: string;
}

/** Bulk-removal jobs as resolvers reach them: the engine and the refs one job may hold. */
export interface BulkJobsAccess {
  engine: BulkJobs;
  /** BULK_JOB_MAX_REFS. */
  maxRefs: number;
}

/**
 * What the HTTP handler admits a request with, for whichever lane runs it: who is calling, and for
 * a mutation sent with an Idempotency-Key, the ledger of its removals (docs/contract.md §9).
 */
export interface Admission {
  /** From the verified bearer token; null when caller auth is off. */
  readonly caller: Caller | null;
  /** null for a request without a key, and for anything but a mutation. */
  readonly ledger: RemovalLedger | null;
}

/** Per GraphQL request: provider sessions are opened lazily, so a request pays only for what it uses. */
export class RequestContext {
  private readonly sessions = new Map<Provider, ProviderSession>();
  private entityLoaders: EntityLoaders | undefined;

  constructor(
    readonly providers: ReadonlyMap<Provider, MembershipProvider>,
    /** The server's logger; what a request logs goes through it, redaction included. */
    readonly logger: Logger,
    /** Who is calling, from the verified bearer token; null when caller auth is off. */
    readonly caller: Caller | null = null,
    /** null where no job engine was built (a bare schema in a test); the job fields then fail as defects. */
    private readonly jobs: BulkJobsAccess | null = null,
    /**
     * A mutation sent with an Idempotency-Key: what each removal answered in earlier runs of the
     * request, and answers in this one (removal-ledger.ts); null otherwise.
     */
    readonly ledger: RemovalLedger | null = null,
  ) {}

  get bulkJobs(): BulkJobsAccess {
    if (!this.jobs) throw new Error("No bulk-removal job engine was given to this server");
    return this.jobs;
  }

  /** When GraphQL took the request, for the duration on its log line. */
  readonly startedAt = performance.now();
  /** What this request removed (or refused to), for its audit line and the results metric; made on the first. */
  removals: RemovalRecord[] | undefined;

  recordRemoval(record: RemovalRecord): void {
    (this.removals ??= []).push(record);
  }

  /** Federation `_entities` reads, batched within this request; made only by a request that has some. */
  get entities(): EntityLoaders {
    return (this.entityLoaders ??= new EntityLoaders((provider) => this.session(provider)));
  }

  provider(provider: Provider): MembershipProvider {
    const membershipProvider = this.providers.get(provider);
    if (!membershipProvider) throw new Error(`No provider is registered for ${provider}`);
    return membershipProvider;
  }

  session(provider: Provider): ProviderSession {
    let session = this.sessions.get(provider);
    if (!session) {
      session = this.provider(provider).openSession();
      this.sessions.set(provider, session);
    }
    return session;
  }
}
