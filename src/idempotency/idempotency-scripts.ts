import { LuaScript } from "../jobs/redis/lua-script";

/**
 * A record is one Redis hash: `fingerprint` always; `token` and `lease` (when it lapses, in Redis'
 * own milliseconds) while a run holds it (the claim); `status`, `type` and `body` once its request
 * has a final answer; `ledger` while the answers of its removals are not all final (the next run
 * takes it up). A hash that holds only a claim expires with its lease, so a crashed instance's
 * claim ends by itself; one that holds an answer or a ledger is kept for IDEMPOTENCY_TTL_HOURS,
 * and a ledger outlives a claim over it that lapses. Each script runs atomically, so two instances
 * can never both claim a record, and only the claim's owner can renew, complete or release it.
 */

/** Redis' clock in milliseconds: every instance's leases are read against one clock. */
const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/** Holds the record for ARGV[1] (the token) for ARGV[2] ms, without shortening what an answer or a ledger is kept for. */
const HOLD = `
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'lease', now + tonumber(ARGV[2]))
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
`;

/**
 * KEYS[1] the record; ARGV token, lease ms, fingerprint. → {'claimed', ledger or nil} when this
 * request now holds it; {'reused'} when the key stands for another body; {'running'} while another
 * run's claim holds; {'answered', status, type, body}.
 */
export const CLAIM = new LuaScript(`${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[3])
  ${HOLD}
  return {'claimed'}
end
local held = redis.call('HMGET', KEYS[1], 'fingerprint', 'token', 'lease', 'status', 'type', 'body', 'ledger')
if held[1] ~= ARGV[3] then return {'reused'} end
-- A claim without a lease (written before leases were fields) holds until its hash expires.
if held[2] and (tonumber(held[3]) or now + 1) > now then return {'running'} end
if held[4] then return {'answered', held[4], held[5], held[6]} end
${HOLD}
return {'claimed', held[7]}
`);

/** KEYS[1] the record; ARGV token, lease ms. 1 when the lease was extended, 0 when the claim is not the token's. */
export const RENEW = new LuaScript(`${NOW}
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
${HOLD}
return 1
`);

/**
 * KEYS[1] the record; ARGV token, ttl ms, then 'answer', status, content type ('' for none), body;
 * or 'ledger', ledger. 1 when stored, 0 when the claim is not the token's.
 */
export const COMPLETE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'token', 'lease', 'ledger')
if ARGV[3] == 'answer' then
  redis.call('HSET', KEYS[1], 'status', ARGV[4], 'type', ARGV[5], 'body', ARGV[6])
else
  redis.call('HSET', KEYS[1], 'ledger', ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** KEYS[1] the record; ARGV token. Ends the token's claim: the record goes, unless it holds a ledger, which stays for the next run. */
export const RELEASE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'ledger') == 1 then return redis.call('HDEL', KEYS[1], 'token', 'lease') end
return redis.call('DEL', KEYS[1])
`);
