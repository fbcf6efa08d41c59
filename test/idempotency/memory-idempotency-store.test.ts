import type { IdempotencyRecord, LeftForRepeats } from "../../src/idempotency/idempotency-store";
import { IdempotencyStoreUnavailable } from "../../src/idempotency/idempotency-store-unavailable.error";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-idempotency-store";

const LEASE_MS = 10_000;
const TTL_MS = 60_000;

const record = (caller: string, key: string): IdempotencyRecord => ({ caller, name: `${caller}/${key}` });
const answer = (body: string): LeftForRepeats => ({ kind: "answer", answer: { status: 200, contentType: "application/json", body } });

async function claimed(store: MemoryIdempotencyStore, at: IdempotencyRecord, fingerprint = "f"): Promise<string> {
  const claim = await store.claim(at, fingerprint, LEASE_MS);
  if (claim.kind !== "claimed") throw new Error(`expected a claim, got ${claim.kind}`);
  return claim.token;
}

/** Stores an answer under a fresh key of `caller`. */
async function answered(store: MemoryIdempotencyStore, at: IdempotencyRecord, body = "{}"): Promise<void> {
  expect(await store.complete(at, await claimed(store, at), answer(body), TTL_MS)).toBe(true);
}

describe("the in-process Idempotency-Key store", () => {
  it("gives a stored answer to the same request, and says another request reuses the key", async () => {
    const store = new MemoryIdempotencyStore();
    await answered(store, record("alice", "k"), '{"data":1}');

    expect(await store.claim(record("alice", "k"), "f", LEASE_MS)).toEqual({ kind: "answered", answer: { status: 200, contentType: "application/json", body: '{"data":1}' } });
    expect(await store.claim(record("alice", "k"), "other", LEASE_MS)).toEqual({ kind: "reused" });
  });

  it("keeps a ledger for the next run when a run over it is released, and hands it over with the claim", async () => {
    const store = new MemoryIdempotencyStore();
    const at = record("alice", "k");
    await store.complete(at, await claimed(store, at), { kind: "ledger", ledger: "[]" }, TTL_MS);
    const again = await store.claim(at, "f", LEASE_MS);
    expect(again).toMatchObject({ kind: "claimed", ledger: "[]" });
    expect(await store.claim(at, "f", LEASE_MS)).toEqual({ kind: "running" });

    if (again.kind === "claimed") await store.release(at, again.token);
    expect(await store.claim(at, "f", LEASE_MS)).toMatchObject({ kind: "claimed", ledger: "[]" });
  });

  it("evicts a caller's own oldest answer past its share, never another caller's", async () => {
    const store = new MemoryIdempotencyStore({ recordsPerCaller: 2 });
    await answered(store, record("alice", "a"));
    for (const key of ["1", "2", "3", "4"]) await answered(store, record("mallet", key));

    expect(await store.claim(record("alice", "a"), "f", LEASE_MS)).toMatchObject({ kind: "answered" });
    expect(await store.claim(record("mallet", "1"), "f", LEASE_MS)).toMatchObject({ kind: "claimed" });
    expect(await store.claim(record("mallet", "4"), "f", LEASE_MS)).toMatchObject({ kind: "answered" });
  });

  it("never evicts a running claim, and refuses a caller's claim past its running share instead", async () => {
    const store = new MemoryIdempotencyStore({ recordsPerCaller: 1, runningPerCaller: 2 });
    await claimed(store, record("alice", "running"));
    await claimed(store, record("mallet", "1"));
    await claimed(store, record("mallet", "2"));

    expect(await store.claim(record("mallet", "3"), "f", LEASE_MS)).toEqual({ kind: "busy" });
    for (const key of ["4", "5", "6"]) await answered(store, record("alice", key));
    expect(await store.claim(record("alice", "running"), "f", LEASE_MS)).toEqual({ kind: "running" });
  });

  it("refuses a new claim once the process holds all it may, rather than evict another caller's answers", async () => {
    const store = new MemoryIdempotencyStore({ charsInAll: 1_000 });
    await answered(store, record("alice", "a"), "x".repeat(900));

    await expect(store.claim(record("mallet", "1"), "f", LEASE_MS)).rejects.toBeInstanceOf(IdempotencyStoreUnavailable);
    expect(await store.claim(record("alice", "a"), "f", LEASE_MS)).toMatchObject({ kind: "answered" });
  });

  it("makes room for a caller's new claim from its own oldest answers when the process is full", async () => {
    const store = new MemoryIdempotencyStore({ charsInAll: 1_000 });
    await answered(store, record("alice", "a"), "x".repeat(900));

    expect(await store.claim(record("alice", "b"), "f", LEASE_MS)).toMatchObject({ kind: "claimed" });
    expect(await store.claim(record("alice", "a"), "f", LEASE_MS)).toMatchObject({ kind: "claimed" });
  });
});
