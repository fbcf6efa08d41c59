import { randomUUID } from "node:crypto";
import type { SharedRedis } from "../redis/shared-redis";
import { CLAIM, COMPLETE, RELEASE, RENEW } from "./idempotency-scripts";
import type { ClaimResult, IdempotencyStore, StoredAnswer } from "./idempotency-store";
import { IdempotencyStoreUnavailable } from "./idempotency-store-unavailable.error";
import type { LuaScript } from "../jobs/redis/lua-script";

/**
 * The store with REDIS_URL: records on the Redis every instance shares, so a repeat is replayed
 * whichever instance it reaches (docs/contract.md §9). The shared connection never queues or holds
 * a command while Redis is away (shared-redis.ts): a command fails at once, or after its command
 * timeout, and this store then rejects with IdempotencyStoreUnavailable.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: SharedRedis) {}

  async claim(record: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const token = randomUUID();
    const held = await this.run(CLAIM, record, [token, fingerprint, leaseMs]);
    if (held === null) return { kind: "claimed", token };
    const [heldFingerprint, heldToken, status, type, body] = fields(held);
    if (heldToken !== null || status === null || body === null) return { kind: "running", fingerprint: heldFingerprint ?? "" };
    return { kind: "answered", fingerprint: heldFingerprint ?? "", answer: { status: Number(status), contentType: type === "" ? null : type, body } };
  }

  async renew(record: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.run(RENEW, record, [token, leaseMs])) === 1;
  }

  async complete(record: string, token: string, answer: StoredAnswer, ttlMs: number): Promise<boolean> {
    return (await this.run(COMPLETE, record, [token, answer.status, answer.contentType ?? "", answer.body, ttlMs])) === 1;
  }

  async release(record: string, token: string): Promise<void> {
    await this.run(RELEASE, record, [token]);
  }

  private async run(script: LuaScript, record: string, args: readonly (string | number)[]): Promise<unknown> {
    // While the connection is down, every command would fail: say so without sending one.
    if (!this.redis.available()) throw new IdempotencyStoreUnavailable("the shared Redis is unreachable");
    try {
      return await script.run(this.redis.client, [record], args);
    } catch (error) {
      throw new IdempotencyStoreUnavailable("the shared Redis did not answer", { cause: error });
    }
  }
}

/** HMGET's reply: one string or null per field asked for. */
function fields(reply: unknown): readonly (string | null)[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((value: unknown) => (typeof value === "string" ? value : null));
}
