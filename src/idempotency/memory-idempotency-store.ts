import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { ClaimResult, IdempotencyStore, StoredAnswer } from "./idempotency-store";

/**
 * Records kept at once, and the characters of their answers together: a removal's answer is under
 * 1 KB, so honest traffic keeps a day of records well within both, while a client sending endless
 * fresh keys cannot make the process hold more. Past either bound the least recently used record
 * goes first, and a repeat of its key runs again, as it would without a key.
 */
const MAX_RECORDS = 50_000;
const MAX_TOTAL_LENGTH = 64 * 1024 * 1024;
/** What a record holds besides its answer's body: the fingerprint, the content type, the bookkeeping. */
const RECORD_OVERHEAD = 256;

type MemoryRecord =
  | { readonly state: "running"; readonly fingerprint: string; readonly token: string }
  | { readonly state: "answered"; readonly fingerprint: string; readonly answer: StoredAnswer };

/**
 * The store without REDIS_URL: records in this process only, so a repeat is replayed when it
 * reaches the instance that answered first (docs/contract.md §9). It is always reachable, and a
 * crashed process takes its claims with it.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new LRUCache<string, MemoryRecord>({
    max: MAX_RECORDS,
    maxSize: MAX_TOTAL_LENGTH,
    sizeCalculation: (record) => RECORD_OVERHEAD + (record.state === "answered" ? record.answer.body.length : 0),
  });

  async claim(record: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const held = this.records.get(record);
    if (held?.state === "running") return { kind: "running", fingerprint: held.fingerprint };
    if (held?.state === "answered") return { kind: "answered", fingerprint: held.fingerprint, answer: held.answer };
    const token = randomUUID();
    this.records.set(record, { state: "running", fingerprint, token }, { ttl: leaseMs });
    return { kind: "claimed", token };
  }

  async renew(record: string, token: string, leaseMs: number): Promise<boolean> {
    const held = this.owned(record, token);
    if (!held) return false;
    this.records.set(record, held, { ttl: leaseMs });
    return true;
  }

  async complete(record: string, token: string, answer: StoredAnswer, ttlMs: number): Promise<boolean> {
    const held = this.owned(record, token);
    if (!held) return false;
    this.records.set(record, { state: "answered", fingerprint: held.fingerprint, answer }, { ttl: ttlMs });
    return true;
  }

  async release(record: string, token: string): Promise<void> {
    if (this.owned(record, token)) this.records.delete(record);
  }

  private owned(record: string, token: string): Extract<MemoryRecord, { state: "running" }> | null {
    const held = this.records.get(record);
    return held?.state === "running" && held.token === token ? held : null;
  }
}
