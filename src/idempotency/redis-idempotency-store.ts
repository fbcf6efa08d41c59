import { randomUUID } from "node:crypto";
import type { LuaScript } from "../jobs/redis/lua-script";
import type { SharedRedis } from "../redis/shared-redis";
import { CLAIM, COMPLETE, RELEASE, RENEW } from "./idempotency-scripts";
import type { ClaimResult, IdempotencyRecord, IdempotencyStore, LeftForRepeats } from "./idempotency-store";
import { IdempotencyStoreUnavailable } from "./idempotency-store-unavailable.error";

/**
 * The store with REDIS_URL: records on the Redis every instance shares, so a repeat is replayed,
 * or runs with the ledger an earlier run left, whichever instance it reaches (docs/contract.md §9).
 * The shared connection never queues or holds a command while Redis is away (shared-redis.ts): a
 * command fails at once, or after its command timeout, and this store then rejects with
 * IdempotencyStoreUnavailable. Records are not bounded per caller here: each expires by itself,
 * and Redis' own memory policy is the operator's.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: SharedRedis) {}

  async claim(record: IdempotencyRecord, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const token = randomUUID();
    const [kind, ...rest] = fields(await this.run(CLAIM, record, [token, leaseMs, fingerprint]));
    switch (kind) {
      case "claimed":
        return { kind, token, ledger: rest[0] ?? null };
      case "answered": {
        const [status, type, body] = rest;
        if (status === null || status === undefined || body === null || body === undefined) break;
        return { kind, answer: { status: Number(status), contentType: type === "" || type === undefined ? null : type, body } };
      }
      case "running":
      case "reused":
        return { kind };
    }
    throw new IdempotencyStoreUnavailable(`the shared Redis answered a claim with something unexpected: ${String(kind).slice(0, 50)}`);
  }

  async renew(record: IdempotencyRecord, token: string, leaseMs: number): Promise<boolean> {
    return (await this.run(RENEW, record, [token, leaseMs])) === 1;
  }

  async complete(record: IdempotencyRecord, token: string, left: LeftForRepeats, ttlMs: number): Promise<boolean> {
    const what = left.kind === "answer" ? ["answer", left.answer.status, left.answer.contentType ?? "", left.answer.body] : ["ledger", left.ledger];
    return (await this.run(COMPLETE, record, [token, ttlMs, ...what])) === 1;
  }

  async release(record: IdempotencyRecord, token: string): Promise<void> {
    await this.run(RELEASE, record, [token]);
  }

  private async run(script: LuaScript, record: IdempotencyRecord, args: readonly (string | number)[]): Promise<unknown> {
    // While the connection is down, every command would fail: say so without sending one.
    if (!this.redis.available()) throw new IdempotencyStoreUnavailable("the shared Redis is unreachable");
    try {
      return await script.run(this.redis.client, [this.redis.keyPrefix + record.name], args);
    } catch (error) {
      throw new IdempotencyStoreUnavailable("the shared Redis did not answer", { cause: error });
    }
  }
}

/** A script's reply: one string, or null for a field the hash lacks, per element. */
function fields(reply: unknown): readonly (string | null)[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((value: unknown) => (typeof value === "string" ? value : null));
}
