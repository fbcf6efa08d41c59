/**
 * Where what requests sent with an Idempotency-Key left is kept (docs/contract.md §9): a record per
 * caller and key, claimed by the run of the request under way, then holding its final answer, or
 * the ledger of its removals when their answers are not all final (removal-ledger.ts), for the
 * next run. RedisIdempotencyStore shares records between the instances of a fleet (REDIS_URL);
 * MemoryIdempotencyStore keeps them in this process, bounded per caller.
 *
 * A claim is held under a lease that its owner renews while the request runs, so a claim whose
 * instance crashed ends by itself: a record is never "in use" for longer than one lease after its
 * owner stopped renewing it. A ledger outlives the claims made over it.
 *
 * The store compares the fingerprint of the request's body itself, in the same atomic step as the
 * claim, so a record is only ever claimed for the request it was first claimed for.
 *
 * Every method rejects with IdempotencyStoreUnavailable when the store cannot be asked now.
 */
export interface IdempotencyStore {
  /** Claims `record` for one run of the request whose body has `fingerprint`, for `leaseMs`, when it is free; otherwise says why not. */
  claim(record: IdempotencyRecord, fingerprint: string, leaseMs: number): Promise<ClaimResult>;
  /** Extends a claim's lease; false when the claim is no longer `token`'s (it lapsed and was taken, or was completed). */
  renew(record: IdempotencyRecord, token: string, leaseMs: number): Promise<boolean>;
  /** Replaces `token`'s claim by what its run left, kept for `ttlMs`; false (nothing stored) when the claim is no longer `token`'s. */
  complete(record: IdempotencyRecord, token: string, left: LeftForRepeats, ttlMs: number): Promise<boolean>;
  /** Gives up `token`'s claim, so that a repeat runs; a ledger an earlier run left stays. Nothing when the claim is no longer `token`'s. */
  release(record: IdempotencyRecord, token: string): Promise<void>;
}

/** One caller's record of one key (idempotency-key.ts `recordOf`). */
export interface IdempotencyRecord {
  /** Whose it is: this process bounds the records it keeps per caller. */
  readonly caller: string;
  /** Its name, unique to the caller and the key. */
  readonly name: string;
}

/** A complete answer as its client was sent it, replayed byte for byte. */
export interface StoredAnswer {
  status: number;
  /** The Content-Type header, null when the answer had none. */
  contentType: string | null;
  body: string;
}

/** What a run leaves for the repeats of its request. */
export type LeftForRepeats =
  /** Its answer, final: every repeat is given it. */
  | { readonly kind: "answer"; readonly answer: StoredAnswer }
  /** The ledger of its removals (removal-ledger.ts `text`): the next repeat runs with it. */
  | { readonly kind: "ledger"; readonly ledger: string };

export type ClaimResult =
  /** The record was free: this request runs, `token` names its claim, and `ledger` is what earlier runs left (null: none). */
  | { readonly kind: "claimed"; readonly token: string; readonly ledger: string | null }
  /** Another run of the same request holds it and has not finished. */
  | { readonly kind: "running" }
  /** The same request has its final answer. */
  | { readonly kind: "answered"; readonly answer: StoredAnswer }
  /** The key stands for a request with another body. */
  | { readonly kind: "reused" }
  /** This caller has as many requests with a key running as this process lets one caller have. */
  | { readonly kind: "busy" };
