import { randomUUID } from "node:crypto";
import { MEMORY_IDEMPOTENCY_LIMITS } from "../config/tunables";
import type { ClaimResult, IdempotencyRecord, IdempotencyStore, LeftForRepeats } from "./idempotency-store";
import { IdempotencyStoreUnavailable } from "./idempotency-store-unavailable.error";

/**
 * What this process keeps, per caller and in all (docs/contract.md §9). A removal's answer is under
 * 1 KB, so a caller's honest day of keys fits well within its share, while a caller sending endless
 * fresh keys fills only its own share: past it, that caller's oldest record goes first, and a
 * repeat of its key runs again, as it would without a key. Another caller's records, and any
 * running claim, are never evicted for it.
 */
export interface MemoryIdempotencyLimits {
  /** Records holding an answer or a ledger that one caller may have. */
  recordsPerCaller: number;
  /** The characters of one caller's records together. */
  charsPerCaller: number;
  /** Requests with a key one caller may have running at once: past it, its next one is refused (429), nothing evicted. */
  runningPerCaller: number;
  /** The characters of every caller's records together: past it, a new claim is refused (503) until records expire. */
  charsInAll: number;
}

/** What a record holds besides its answer's body or its ledger: the fingerprint, the names, the bookkeeping. */
const RECORD_OVERHEAD = 256;
/** How often, at most, every caller's expired records are looked for when the process is full. */
const FULL_SWEEP_INTERVAL_MS = 1_000;

interface MemoryRecord {
  readonly name: string;
  readonly fingerprint: string;
  /** The run that holds it now; null when none does. */
  claim: { readonly token: string; leaseUntil: number } | null;
  /** What the last run left; null while the first run has not finished. */
  left: LeftForRepeats | null;
  /** When `left` expires (epoch ms). */
  expiresAt: number;
  /** What `left` costs, counted against the caller's share and the process's. */
  chars: number;
}

/** One caller's records. */
class CallerRecords {
  constructor(readonly id: string) {}

  /** Records holding what a run left, oldest first: the order they are evicted and expire in. */
  readonly kept = new Map<string, MemoryRecord>();
  /** Records a run holds a claim on (a lapsed one included, until it is swept or taken). */
  readonly claimed = new Map<string, MemoryRecord>();
  chars = 0;

  get isEmpty(): boolean {
    return this.kept.size === 0 && this.claimed.size === 0;
  }
}

/**
 * The store without REDIS_URL: records in this process only, so a repeat is replayed when it
 * reaches the instance that answered first (docs/contract.md §9). It is always reachable, a
 * crashed process takes its claims with it, and it follows RedisIdempotencyStore's rules, with
 * bounds per caller (MemoryIdempotencyLimits) on top.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly limits: MemoryIdempotencyLimits;
  private readonly callers = new Map<string, CallerRecords>();
  private chars = 0;
  private lastFullSweep = 0;

  constructor(limits: Partial<MemoryIdempotencyLimits> = {}) {
    this.limits = { ...MEMORY_IDEMPOTENCY_LIMITS, ...limits };
  }

  async claim(record: IdempotencyRecord, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const now = Date.now();
    const caller = this.callers.get(record.caller) ?? new CallerRecords(record.caller);
    this.callers.set(record.caller, caller);
    try {
      return this.claimFor(caller, record, fingerprint, leaseMs, now);
    } finally {
      this.dropIfEmpty(caller);
    }
  }

  private claimFor(caller: CallerRecords, record: IdempotencyRecord, fingerprint: string, leaseMs: number, now: number): ClaimResult {
    this.dropExpired(caller, now);
    let held = caller.claimed.get(record.name) ?? caller.kept.get(record.name);
    // A first run's claim that lapsed leaves nothing behind, as its Redis hash expires with the lease.
    if (held && held.left === null && !isHeld(held, now)) {
      caller.claimed.delete(record.name);
      held = undefined;
    }
    if (held && held.claim === null && held.expiresAt <= now) {
      this.forget(caller, held);
      held = undefined;
    }
    if (held) {
      if (held.fingerprint !== fingerprint) return { kind: "reused" };
      if (isHeld(held, now)) return { kind: "running" };
      if (held.left?.kind === "answer") return { kind: "answered", answer: held.left.answer };
    }

    if (caller.claimed.size >= this.limits.runningPerCaller) {
      this.dropLapsedClaims(caller, now);
      if (caller.claimed.size >= this.limits.runningPerCaller) return { kind: "busy" };
    }
    this.makeRoom(caller, now);
    const token = randomUUID();
    const claimed: MemoryRecord = held ?? { name: record.name, fingerprint, claim: null, left: null, expiresAt: 0, chars: 0 };
    claimed.claim = { token, leaseUntil: now + leaseMs };
    caller.claimed.set(record.name, claimed);
    return { kind: "claimed", token, ledger: claimed.left?.kind === "ledger" ? claimed.left.ledger : null };
  }

  async renew(record: IdempotencyRecord, token: string, leaseMs: number): Promise<boolean> {
    const held = this.owned(record, token);
    if (!held?.claim) return false;
    held.claim.leaseUntil = Date.now() + leaseMs;
    return true;
  }

  async complete(record: IdempotencyRecord, token: string, left: LeftForRepeats, ttlMs: number): Promise<boolean> {
    const caller = this.callers.get(record.caller);
    const held = this.owned(record, token);
    if (!caller || !held) return false;
    caller.claimed.delete(record.name);
    this.forget(caller, held);
    held.claim = null;
    held.left = left;
    held.expiresAt = Date.now() + ttlMs;
    held.chars = RECORD_OVERHEAD + (left.kind === "answer" ? left.answer.body.length : left.ledger.length);
    caller.kept.set(record.name, held);
    caller.chars += held.chars;
    this.chars += held.chars;
    this.evictOverShare(caller);
    return true;
  }

  async release(record: IdempotencyRecord, token: string): Promise<void> {
    const caller = this.callers.get(record.caller);
    const held = this.owned(record, token);
    if (!caller || !held) return;
    caller.claimed.delete(record.name);
    held.claim = null;
    // A ledger an earlier run left stays in `kept`, for the next run.
    this.dropIfEmpty(caller);
  }

  private owned(record: IdempotencyRecord, token: string): MemoryRecord | null {
    const held = this.callers.get(record.caller)?.claimed.get(record.name);
    return held?.claim?.token === token ? held : null;
  }

  /** Past the caller's share, its own oldest records go, never one a run holds. */
  private evictOverShare(caller: CallerRecords): void {
    for (const held of caller.kept.values()) {
      if (caller.kept.size <= this.limits.recordsPerCaller && caller.chars <= this.limits.charsPerCaller) return;
      if (held.claim === null) this.forget(caller, held);
    }
  }

  /**
   * Before a new claim while the process holds all it may: first every caller's expired records,
   * then the claiming caller's own oldest; when that is not enough, the claim is refused, since
   * making room would mean evicting another caller's records.
   */
  private makeRoom(caller: CallerRecords, now: number): void {
    if (this.chars < this.limits.charsInAll) return;
    if (now - this.lastFullSweep >= FULL_SWEEP_INTERVAL_MS) {
      this.lastFullSweep = now;
      for (const other of this.callers.values()) {
        this.dropExpired(other, now);
        if (other !== caller) this.dropIfEmpty(other);
      }
    }
    for (const held of caller.kept.values()) {
      if (this.chars < this.limits.charsInAll) return;
      if (held.claim === null) this.forget(caller, held);
    }
    if (this.chars >= this.limits.charsInAll) {
      throw new IdempotencyStoreUnavailable("this process holds as many Idempotency-Key records as it may keep");
    }
  }

  /** Kept records expire in the order they were stored; one a run holds stays until that run stores what it leaves. */
  private dropExpired(caller: CallerRecords, now: number): void {
    for (const held of caller.kept.values()) {
      if (held.expiresAt > now) return;
      if (held.claim === null) this.forget(caller, held);
    }
  }

  private dropLapsedClaims(caller: CallerRecords, now: number): void {
    for (const [name, held] of caller.claimed) {
      if (isHeld(held, now)) continue;
      caller.claimed.delete(name);
      held.claim = null;
    }
  }

  private dropIfEmpty(caller: CallerRecords): void {
    if (caller.isEmpty) this.callers.delete(caller.id);
  }

  private forget(caller: CallerRecords, held: MemoryRecord): void {
    if (!caller.kept.delete(held.name)) return;
    caller.chars -= held.chars;
    this.chars -= held.chars;
  }
}

function isHeld(record: MemoryRecord, now: number): boolean {
  return record.claim !== null && record.claim.leaseUntil > now;
}
