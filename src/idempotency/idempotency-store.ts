/**
 * Where the answers of requests sent with an Idempotency-Key are kept (docs/contract.md §9): a
 * record per caller and key, first claimed by the request that runs, then holding its answer.
 * RedisIdempotencyStore shares records between the instances of a fleet (REDIS_URL);
 * MemoryIdempotencyStore keeps them in this process.
 *
 * A claim is held under a lease that its owner renews while the request runs, so a claim whose
 * instance crashed ends by itself: a record is never "in use" for longer than one lease after its
 * owner stopped renewing it.
 *
 * Every method rejects with IdempotencyStoreUnavailable when the store cannot be asked now.
 */
export interface IdempotencyStore {
  /**
   * Claims `record` for one run of the request whose body has `fingerprint`, for `leaseMs`, when
   * nobody holds it; otherwise says who does, in one atomic step.
   */
  claim(record: string, fingerprint: string, leaseMs: number): Promise<ClaimResult>;
  /** Extends a claim's lease; false when the claim is no longer `token`'s (it lapsed, or was completed). */
  renew(record: string, token: string, leaseMs: number): Promise<boolean>;
  /** Replaces `token`'s claim by its answer, kept for `ttlMs`; false (nothing stored) when the claim is no longer `token`'s. */
  complete(record: string, token: string, answer: StoredAnswer, ttlMs: number): Promise<boolean>;
  /** Gives up `token`'s claim without an answer, so that a repeat runs; nothing when the claim is no longer `token`'s. */
  release(record: string, token: string): Promise<void>;
}

/** A complete answer as its client was sent it, replayed byte for byte. */
export interface StoredAnswer {
  status: number;
  /** The Content-Type header, null when the answer had none. */
  contentType: string | null;
  body: string;
}

export type ClaimResult =
  /** Nobody held the record: this request runs, and `token` names its claim. */
  | { readonly kind: "claimed"; readonly token: string }
  /** Another request holds it and has not answered yet. */
  | { readonly kind: "running"; readonly fingerprint: string }
  /** A request with this key has answered. */
  | { readonly kind: "answered"; readonly fingerprint: string; readonly answer: StoredAnswer };
