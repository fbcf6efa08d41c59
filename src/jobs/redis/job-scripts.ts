import { LuaScript } from "./lua-script";

/**
 * The steps that change a job, each one Lua script so Redis runs it whole or not at all: an answer
 * never lands without its counts, a job never completes twice, a crash between two commands
 * cannot leave a half-written job.
 *
 * KEYS (job-keys.ts scriptKeys): 1 meta, 2 results, 3 answered, 4 in-flight, 5 pauses, 6 units,
 * 7 enqueuing, 8 queued jobs, 9 running jobs; CREATE adds 10, the clientJobId key. ARGV[1] is
 * always the job id.
 *
 * The clientJobId key is read from meta (`clientKey`) where a job ends, rather than passed in: it
 * is fixed when the job is created. That is one key a script names without declaring it, which a
 * single Redis allows and a Redis Cluster does not; these jobs expect a single Redis (or a
 * primary with replicas), as BullMQ's default prefix does.
 */

/** Ends a job's keys' lives `ttl` ms from now; a finished job has nothing left to enqueue. */
const FINISH_JOB = `
local function finishJob(ttl)
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
  redis.call('DEL', KEYS[6])
  redis.call('ZREM', KEYS[7], ARGV[1])
  redis.call('SREM', KEYS[8], ARGV[1])
  redis.call('SREM', KEYS[9], ARGV[1])
  local client = redis.call('HGET', KEYS[1], 'clientKey')
  if client and client ~= '' then redis.call('PEXPIRE', client, ttl) end
end
`;

/**
 * ARGV: 2 owner, 3 provider, 4 groupId, 5 total, 6 createdAt (ms), 7 ttl (ms), 8 unit count,
 * 9 units JSON, 10 '1' when a clientJobId was given, 11-14 removed/notMember/failed/unknown of
 * the refused refs, 15 the request's fingerprint ('' without a clientJobId), then (position,
 * encoded answer) pairs of the refused refs.
 * → {'exists', id} when this owner's clientJobId already names a job; else {'created'}.
 */
export const CREATE_JOB = new LuaScript(`${FINISH_JOB}
if ARGV[10] == '1' then
  local existing = redis.call('GET', KEYS[10])
  if existing then return {'exists', existing} end
  redis.call('SET', KEYS[10], ARGV[1])
end
local removed, notMember, failed, unknown = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14])
local finished = tonumber(ARGV[8]) == 0
local status, startedAt, finishedAt = 'QUEUED', '', ''
if finished then status, startedAt, finishedAt = 'COMPLETED', ARGV[6], ARGV[6] end
local clientKey = ''
if ARGV[10] == '1' then clientKey = KEYS[10] end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'provider', ARGV[3], 'groupId', ARGV[4], 'total', ARGV[5],
  'createdAt', ARGV[6], 'startedAt', startedAt, 'finishedAt', finishedAt, 'status', status, 'clientKey', clientKey, 'fingerprint', ARGV[15],
  'done', removed + notMember + failed + unknown, 'removed', removed, 'notMember', notMember, 'failed', failed, 'unknown', unknown)
for i = 16, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[3], ARGV[i], ARGV[i])
end
if finished then
  finishJob(tonumber(ARGV[7]))
else
  redis.call('SET', KEYS[6], ARGV[9])
  redis.call('ZADD', KEYS[7], ARGV[6], ARGV[1])
  redis.call('SADD', KEYS[8], ARGV[1])
end
return {'created'}
`);

/** Every unit is on the queue: the stored copy is no longer needed. */
export const MARK_ENQUEUED = new LuaScript(`
redis.call('DEL', KEYS[6])
redis.call('ZREM', KEYS[7], ARGV[1])
return 1
`);

/**
 * Marks a canceled job finished once no unit of it is in flight any more: its answers stop
 * changing, and its keys start their TTL. Returns the reply for the script that ended it, or nil.
 */
const END_IF_SETTLED = `
local function endIfSettled(now, ttl)
  if redis.call('SCARD', KEYS[4]) > 0 or redis.call('HGET', KEYS[1], 'finishedAt') ~= '' then return nil end
  redis.call('HSET', KEYS[1], 'finishedAt', now)
  finishJob(ttl)
  return {'ended', redis.call('HGETALL', KEYS[1])}
end
`;

/**
 * A worker is about to send a unit. ARGV: 2 unit key, 3 the unit's first position, 4 now (ms),
 * 5 ttl (ms).
 * → {'gone'} (expired), {'finished'} (canceled or completed), {'answered'} (never send it again),
 * {'orphaned'} (canceled while this unit was in flight with a worker that died: store it as
 * OutcomeUnknownError without sending), {'ended', meta} (canceled, and this was the last unit in flight), or
 * {'run', '1' | '0', refusals}: '1' when the unit was already in flight, begun by a worker that
 * stopped before storing its answer, so an attempt may have reached the provider; refusals, the
 * Retry-After refusals it met before (RELEASE_UNIT counts them).
 */
export const BEGIN_UNIT = new LuaScript(`${FINISH_JOB}${END_IF_SETTLED}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'gone'} end
if status == 'COMPLETED' then return {'finished'} end
if status == 'CANCELED' then
  -- In flight when the job was canceled, and its worker stopped before answering: it is not sent
  -- again, but an attempt may have reached the provider, so the worker stores OutcomeUnknownError
  -- for it (STORE_ANSWER then ends the job) rather than leave a removal unreported.
  if redis.call('SISMEMBER', KEYS[4], ARGV[2]) == 1 then return {'orphaned'} end
  return {'finished'}
end
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return {'answered'} end
local interrupted = redis.call('SADD', KEYS[4], ARGV[2]) == 0
if status == 'QUEUED' then
  redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'startedAt', ARGV[4])
  redis.call('SREM', KEYS[8], ARGV[1])
  redis.call('SADD', KEYS[9], ARGV[1])
end
local refusals = redis.call('HGET', KEYS[5], ARGV[2]) or '0'
if interrupted then return {'run', '1', refusals} end
return {'run', '0', refusals}
`);

/**
 * The provider answered a unit "not now" (a RateLimitedError with a Retry-After) and the Retry-After
 * policy tries it again: nothing was applied, so the unit goes back to the queue. ARGV: 2 unit key, 3 '1' when this run was itself an
 * interrupted unit's (it stays in flight then: the crashed attempt's ambiguity remains), 4 now
 * (ms), 5 ttl (ms).
 * → {'again', refusals met so far}, {'gone'}, {'finished'} (canceled meanwhile: not again), or
 * {'ended', meta} (canceled, and it was the last unit in flight).
 */
export const RELEASE_UNIT = new LuaScript(`${FINISH_JOB}${END_IF_SETTLED}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'gone'} end
if status ~= 'QUEUED' and status ~= 'RUNNING' then
  redis.call('SREM', KEYS[4], ARGV[2])
  local ended = endIfSettled(ARGV[4], tonumber(ARGV[5]))
  if ended then return ended end
  return {'finished'}
end
if ARGV[3] ~= '1' then redis.call('SREM', KEYS[4], ARGV[2]) end
return {'again', tostring(redis.call('HINCRBY', KEYS[5], ARGV[2], 1))}
`);

/**
 * Stores a unit's answer at each of its positions, with the counts, once. ARGV: 2 unit key,
 * 3 count field (tally.ts bucketOf), 4 encoded answer, 5 now (ms), 6 ttl (ms), 7… positions.
 * → {'gone'}, {'already'} (another worker stored it first: this answer is dropped), {'stored'},
 * {'completed', meta} (this answer was the job's last, and this call completed the job), or
 * {'ended', meta} (the job was canceled and this was its last unit in flight).
 */
export const STORE_ANSWER = new LuaScript(`${FINISH_JOB}${END_IF_SETTLED}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
if redis.call('HEXISTS', KEYS[2], ARGV[7]) == 1 then
  redis.call('SREM', KEYS[4], ARGV[2])
  return {'already'}
end
local positions = #ARGV - 6
for i = 7, #ARGV do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[4])
  redis.call('ZADD', KEYS[3], ARGV[i], ARGV[i])
end
redis.call('HINCRBY', KEYS[1], ARGV[3], positions)
local done = redis.call('HINCRBY', KEYS[1], 'done', positions)
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[5], ARGV[2])
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'CANCELED' then
  -- In flight when the job was canceled: its true answer is kept (the provider may have applied it).
  local ended = endIfSettled(ARGV[5], tonumber(ARGV[6]))
  if ended then return ended end
  -- A job already ended keeps its remaining time, the keys this answer created too.
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then finishJob(left) end
  return {'stored'}
end
if status ~= 'COMPLETED' and done >= tonumber(redis.call('HGET', KEYS[1], 'total')) then
  redis.call('HSET', KEYS[1], 'status', 'COMPLETED', 'finishedAt', ARGV[5])
  finishJob(tonumber(ARGV[6]))
  return {'completed', redis.call('HGETALL', KEYS[1])}
end
return {'stored'}
`);

/**
 * ARGV: 2 owner, 3 now (ms), 4 ttl (ms). → nil when there is no such job or it is another
 * owner's; else {'ended' | 'canceled' | 'unchanged', meta}: 'ended' when no unit was in flight
 * (the job is finished at once), 'canceled' when the units in flight will end it as they are
 * answered, 'unchanged' when it had already finished.
 */
export const CANCEL_JOB = new LuaScript(`${FINISH_JOB}${END_IF_SETTLED}
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner ~= ARGV[2] then return nil end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'QUEUED' and status ~= 'RUNNING' then return {'unchanged', redis.call('HGETALL', KEYS[1])} end
redis.call('HSET', KEYS[1], 'status', 'CANCELED')
redis.call('SREM', KEYS[8], ARGV[1])
redis.call('SREM', KEYS[9], ARGV[1])
-- Nothing of it is left to enqueue: workers skip its units from now on.
redis.call('DEL', KEYS[6])
redis.call('ZREM', KEYS[7], ARGV[1])
local ended = endIfSettled(ARGV[3], tonumber(ARGV[4]))
if ended then return ended end
return {'canceled', redis.call('HGETALL', KEYS[1])}
`);
