import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
// The tests' own redis-server launcher, as bench/jobs.ts uses it: Redis run exactly as the tests run it.
import { startRedisServer } from "../test/support/redis-server";
import { cpuMs, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

const CONNECTIONS = 16;
const WARMUP_S = 3;
const DURATION_S = 10;

/** One case: the facade's Blueshift removal at c16, against the Blueshift simulator, with REDIS_URL set. */
export interface IdempotencyRow {
  name: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  /** Anything but the expected removal: a refusal, a replay of another answer, a failed connection. */
  errors: number;
  /** The facade's CPU (utime + stime) over the measured window ÷ requests, in ms: what run.ts reports as `cpu ms/req`. */
  serverCpuMsPerRequest: number;
  /** redis-server's, the same way: what the records cost the Redis the fleet shares. */
  redisCpuMsPerRequest: number;
}

/**
 * What an Idempotency-Key costs per removal (docs/contract.md §9): the same removal through the same
 * facade and Redis, without a key and with a fresh key per request (every one claims a record, runs,
 * and stores its answer on Redis: the costliest case, as no request is a replay).
 */
export async function idempotency(): Promise<IdempotencyRow[]> {
  const redis = await startRedisServer();
  const sims = await startSimulators(0);
  const server = await startServer(sims.urls, { env: { REDIS_URL: redis.url } });
  try {
    const target = facade(server.url, "BLUESHIFT");
    const pids = { server: server.process.pid as number, redis: redis.pid };
    return [await measure("facade Blueshift, no key", target, pids, false), await measure("facade Blueshift, fresh key", target, pids, true)];
  } finally {
    await stop(server.process);
    await stop(sims.process);
    await redis.stop();
  }
}

async function measure(name: string, target: ReturnType<typeof facade>, pids: { server: number; redis: number }, withKey: boolean): Promise<IdempotencyRow> {
  await run(target, withKey, WARMUP_S);
  const before = { server: cpuMs(pids.server), redis: cpuMs(pids.redis) };
  const started = process.hrtime.bigint();
  const { result, mismatches } = await run(target, withKey, DURATION_S);
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  const after = { server: cpuMs(pids.server), redis: cpuMs(pids.redis) };
  const requests = result.requests.total;
  const row: IdempotencyRow = {
    name,
    connections: CONNECTIONS,
    requests,
    requestsPerSecond: requests / durationS,
    errors: result.errors + result.timeouts + result.non2xx + mismatches,
    serverCpuMsPerRequest: (after.server - before.server) / requests,
    redisCpuMsPerRequest: (after.redis - before.redis) / requests,
  };
  process.stderr.write(`${name}: ${row.requestsPerSecond.toFixed(0)} req/s, ${row.serverCpuMsPerRequest.toFixed(3)} cpu ms/req\n`);
  return row;
}

/**
 * load.ts's run, with a header of its own per request: autocannon's setupRequest gives each one a
 * fresh key. autocannon refuses expectBody beside `requests`, so each answer is checked in
 * onResponse instead, in both cases alike.
 */
function run(target: ReturnType<typeof facade>, withKey: boolean, durationS: number): Promise<{ result: autocannon.Result; mismatches: number }> {
  let mismatches = 0;
  const check = (_status: number, body: string) => {
    if (target.expectBody !== undefined && body !== target.expectBody) mismatches++;
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections: CONNECTIONS,
        duration: durationS,
        requests: [
          {
            method: target.method,
            headers: target.headers,
            body: target.body,
            onResponse: check,
            ...(withKey ? { setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, "idempotency-key": randomUUID() } }) } : {}),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, mismatches })),
    );
  });
}

export function idempotencyTable(rows: readonly IdempotencyRow[]): string {
  const header = "idempotency (REDIS_URL set)          req/s  errors  cpu ms/req  redis cpu ms/req";
  const lines = rows.map((r) =>
    [
      r.name.padEnd(34),
      r.requestsPerSecond.toFixed(0).padStart(8),
      String(r.errors).padStart(7),
      r.serverCpuMsPerRequest.toFixed(3).padStart(11),
      r.redisCpuMsPerRequest.toFixed(3).padStart(17),
    ].join(" "),
  );
  const [without, withKey] = rows;
  const ratio = without && withKey ? `\n\na fresh key per removal costs ${((withKey.serverCpuMsPerRequest / without.serverCpuMsPerRequest - 1) * 100).toFixed(1)} % more facade CPU per removal than no key` : "";
  return [header, ...lines].join("\n") + ratio;
}
