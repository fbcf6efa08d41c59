import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, blueshiftFaults, bulkCustomer, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { START_BULK_REMOVAL, type JobAnswer } from "../support/bulk-job-behaviours";
import { REMOVAL_MUTATION } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { killAll, startServerProcess, serverBuild, type ServerProcess, blueshiftOnRedis } from "../support/server-process";

/**
 * docs/contract.md §3, REDIS_KEY_PREFIX: one `node main.js` on a real redis-server writes every key
 * it ever makes there (the upstream budget, a Retry-After pause, an Idempotency-Key record, a
 * bulk-removal job and its BullMQ queue) under the prefix, so two deployments can share one Redis
 * and an operator can find, or delete, all of one deployment's keys.
 */

const PREFIX = "tenant-a:";
const JOB_REFS = 5;

const build = serverBuild;

let redis: RedisServer;
let blueshift: BlueshiftSimulator;
let inspect: Redis;
let events: Redis;
/** Every key a command wrote, or that expired, while the test ran (Redis keyspace notifications). */
const touched = new Set<string>();
const running: ServerProcess[] = [];
beforeEach(async () => {
  redis = await startRedisServer();
  blueshift = await startBlueshiftSimulator({ seed: blueshiftBulkSeed(JOB_REFS + 2) });
  inspect = new Redis(redis.url);
  await inspect.config("SET", "notify-keyspace-events", "KA");
  events = new Redis(redis.url);
  events.on("pmessage", (_pattern: string, channel: string) => touched.add(channel.slice(channel.indexOf(":") + 1)));
  await events.psubscribe("__keyspace@0__:*");
});
afterEach(async () => {
  await killAll(running);
  events.disconnect();
  inspect.disconnect();
  await blueshift.close();
  await redis.stop();
  touched.clear();
});

async function startServer(): Promise<ServerProcess> {
  const server = await startServerProcess(
    build(),
    {
      ...blueshiftOnRedis(blueshift.url, redis.url),
      REDIS_KEY_PREFIX: PREFIX,
      // A cap, so every call counts against the shared budget's window on Redis.
      BLUESHIFT_MAX_RPS: "100",
    },
    async ({ metricsUrl }) => sample(await scrape(metricsUrl), "shared_redis_up") === 1,
  );
  running.push(server);
  return server;
}

async function post(server: ServerProcess, query: string, variables: Record<string, unknown>, idempotencyKey?: string): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, Record<string, unknown>>; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return Object.values(body.data)[0]!;
}

function removeMember(server: ServerProcess, index: number, idempotencyKey?: string): Promise<Record<string, unknown>> {
  return post(server, REMOVAL_MUTATION, { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRef: { uuid: bulkCustomer(index).uuid } }, idempotencyKey);
}

async function scanAll(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await inspect.scan(cursor, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

describe("REDIS_KEY_PREFIX", () => {
  it("puts every Redis key of a job, an idempotent removal, the upstream budget and a Retry-After pause under the prefix", async () => {
    const server = await startServer();

    const job = (await post(server, START_BULK_REMOVAL, {
      provider: "BLUESHIFT",
      groupId: BLUESHIFT_BULK_GROUP_ID,
      userRefs: Array.from({ length: JOB_REFS }, (_, i) => ({ uuid: bulkCustomer(i).uuid })),
    })) as unknown as JobAnswer;
    let status = job.status;
    while (status !== "COMPLETED") {
      await sleep(25);
      status = ((await post(server, `query Job($id: ID!) { bulkRemoval(id: $id) { status } }`, { id: job.id })) as { status: JobAnswer["status"] }).status;
    }
    expect(await removeMember(server, JOB_REFS, "prefix-test-key")).toMatchObject({ __typename: "MembershipRemoval" });
    blueshift.script("removeUser", [blueshiftFaults.rateLimited("30")]);
    expect(await removeMember(server, JOB_REFS + 1)).toMatchObject({ __typename: "RateLimitedError", upstreamStatus: 429 });

    const present = await scanAll();
    const written = [...new Set([...present, ...touched])];
    // Each part of the server wrote its keys: the test would pass on no keys at all otherwise.
    for (const family of ["upstream-budget:", "upstream-pause-told:", "idempotency:", "job:", "bulk-removal-blueshift:"]) {
      expect({ family, written: written.some((key) => key.startsWith(PREFIX + family)) }).toEqual({ family, written: true });
    }
    expect(present.length).toBeGreaterThan(0);
    expect(written.filter((key) => !key.startsWith(PREFIX))).toEqual([]);
  }, 90_000);
});
