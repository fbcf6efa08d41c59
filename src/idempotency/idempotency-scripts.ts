import { LuaScript } from "../jobs/redis/lua-script";

/**
 * A record is one Redis hash: `fingerprint` always; `token` while its request runs (the claim,
 * under a lease: the hash's expiry); `status`, `type` and `body` once it has answered (kept for
 * IDEMPOTENCY_TTL_HOURS: the expiry again). Each script runs atomically, so two instances can
 * never both claim a record, and only the claim's owner can renew, complete or release it.
 */

/**
 * KEYS[1] the record; ARGV token, fingerprint, lease ms. Claims a free record and returns nil;
 * a held one is left as it is and returned as [fingerprint, token, status, type, body].
 */
export const CLAIM = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HMGET', KEYS[1], 'fingerprint', 'token', 'status', 'type', 'body')
end
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[2], 'token', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return false
`);

/** KEYS[1] the record; ARGV token, lease ms. 1 when the lease was extended, 0 when the claim is not the token's. */
export const RENEW = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`);

/** KEYS[1] the record; ARGV token, status, content type ('' for none), body, ttl ms. 1 when stored, 0 when the claim is not the token's. */
export const COMPLETE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'token')
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'type', ARGV[3], 'body', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

/** KEYS[1] the record; ARGV token. Deletes the record when the claim is the token's. */
export const RELEASE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);
