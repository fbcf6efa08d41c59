import { loadavg } from "node:os";
// The tests' own redis-server launcher (a free port, its own temporary directory, no persistence,
// stopped by its pid): the benchmark runs Redis exactly as the tests do.
import { startRedisServer, type RedisServer } from "../test/support/redis-server";
import { refsAnswered, startJob, waitForJob } from "./job-requests";
import { cpuMs, rssMiB, startServer, startSimulators, stop, type UpstreamUrls } from "./processes";

const REFS = 10_000;
const LATENCY_MS = 20;
const CONCURRENCY = 16;
const WARMUP_REFS = 64;
const POLL_MS = 100;
/** Ten times the floor: a job that takes longer is stuck, not slow. */
const GIVE_UP_MS = 10 * ((REFS * LATENCY_MS) / CONCURRENCY);

async function scrapeRefsAnswered(metricsUrl: string): Promise<number> {
  return refsAnswered(await (await fetch(metricsUrl)).text());
}

export interface JobsRow {
  name: string;
  servers: number;
  /** Where the jobs live: BullMQ on one redis-server, or the server's own memory. */
  engine: "redis" | "in-process";
  refs: number;
  concurrency: number;
  upstreamLatencyMs: number;
  /** From sending startBulkRemoval to the poll (every POLL_MS) that saw the job finished. */
  wallMs: number;
  /** The job's own createdAt → finishedAt (server clock, ms resolution). */
  jobMs: number;
  /** refs × latency ÷ BULK_CONCURRENCY: one Blueshift DELETE per ref, never more than that many at once. */
  floorMs: number;
  removed: number;
  notRemoved: number;
  /** Refs each server answered (its bulk_removal_job_refs_total over the job): how the job was shared. */
  refsByServer: number[];
  /** VmHWM of each server process, over its whole life (warm-up included). */
  serverPeakRssMiB: number[];
  /** utime + stime of each server over the job. */
  serverCpuMs: number[];
  redisPeakRssMiB: number | null;
  redisCpuMs: number | null;
  /** The 1-minute load average when the case started: above the 2 cores, other work was running. */
  loadAverage: number;
}

interface JobsCase {
  name: string;
  servers: number;
  redis: boolean;
}

const CASES: readonly JobsCase[] = [
  { name: "2 servers, 1 Redis", servers: 2, redis: true },
  { name: "1 server, Redis", servers: 1, redis: true },
  { name: "1 server, in process", servers: 1, redis: false },
];

/**
 * One 10,000-ref Blueshift job at BULK_CONCURRENCY=16 against simulators answering after 20 ms
 * (bench mode restores each membership after its removal, and the bulk seed holds all 10,000), for
 * each case: two servers sharing one redis-server, one server on Redis, one in process. The job
 * starts on the first server, which is polled until it finishes. A 64-ref job on each server first
 * warms up connections and the JIT.
 */
export async function jobs(): Promise<JobsRow[]> {
  const rows: JobsRow[] = [];
  for (const c of CASES) rows.push(await measureCase(c));
  return rows;
}

async function measureCase(c: JobsCase): Promise<JobsRow> {
  const loadAverage = loadavg()[0] ?? NaN;
  const sims = await startSimulators(LATENCY_MS, false, REFS);
  let redis: RedisServer | null = null;
  const servers: Array<{ url: string; metricsUrl: string; pid: number; stop: () => Promise<void> }> = [];
  try {
    redis = c.redis ? await startRedisServer() : null;
    for (let i = 0; i < c.servers; i++) servers.push(await startJobServer(sims.urls, redis));
    for (const server of servers) {
      const warmup = await startJob(server.url, WARMUP_REFS);
      await waitForJob(server.url, warmup.id, POLL_MS, GIVE_UP_MS);
    }
    const [first] = servers;
    if (!first) throw new Error("no server");
    const refsBefore = await Promise.all(servers.map((s) => scrapeRefsAnswered(s.metricsUrl)));
    const cpuBefore = servers.map((s) => cpuMs(s.pid));
    const redisCpuBefore = redis ? cpuMs(redis.pid) : 0;
    const started = process.hrtime.bigint();
    const job = await startJob(first.url, REFS);
    const done = await waitForJob(first.url, job.id, POLL_MS, GIVE_UP_MS);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const row: JobsRow = {
      name: `${c.name}, ${REFS} refs c${CONCURRENCY} +${LATENCY_MS}ms`,
      servers: c.servers,
      engine: c.redis ? "redis" : "in-process",
      refs: REFS,
      concurrency: CONCURRENCY,
      upstreamLatencyMs: LATENCY_MS,
      wallMs,
      jobMs: Date.parse(done.finishedAt as string) - Date.parse(done.createdAt),
      floorMs: (REFS * LATENCY_MS) / CONCURRENCY,
      removed: done.removed,
      notRemoved: done.notMember + done.failed + done.unknown,
      refsByServer: (await Promise.all(servers.map((s) => scrapeRefsAnswered(s.metricsUrl)))).map((after, i) => after - (refsBefore[i] ?? 0)),
      serverCpuMs: servers.map((s, i) => cpuMs(s.pid) - (cpuBefore[i] ?? 0)),
      serverPeakRssMiB: servers.map((s) => rssMiB(s.pid).peak),
      redisCpuMs: redis ? cpuMs(redis.pid) - redisCpuBefore : null,
      redisPeakRssMiB: redis ? rssMiB(redis.pid).peak : null,
      loadAverage,
    };
    process.stderr.write(
      `${row.name}: ${(wallMs / 1000).toFixed(2)} s (floor ${(row.floorMs / 1000).toFixed(2)} s), ${row.removed} removed, refs by server ${row.refsByServer.join(" + ")}\n`,
    );
    return row;
  } finally {
    for (const server of servers) await server.stop();
    await redis?.stop();
    await stop(sims.process);
  }
}

async function startJobServer(urls: UpstreamUrls, redis: RedisServer | null): Promise<{ url: string; metricsUrl: string; pid: number; stop: () => Promise<void> }> {
  const server = await startServer(urls, { env: { BULK_CONCURRENCY: String(CONCURRENCY), ...(redis ? { REDIS_URL: redis.url } : {}) } });
  return { url: server.url, metricsUrl: server.metricsUrl, pid: server.process.pid as number, stop: () => stop(server.process) };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function jobsTable(rows: readonly JobsRow[]): string {
  const header =
    "jobs case                                        wall s   job s  floor s  removed  not removed  refs by server  server peak RSS MiB  server cpu s  redis peak RSS MiB  redis cpu s  load";
  const lines = rows.map((r) =>
    [
      r.name.padEnd(46),
      seconds(r.wallMs).padStart(8),
      seconds(r.jobMs).padStart(7),
      seconds(r.floorMs).padStart(8),
      String(r.removed).padStart(8),
      String(r.notRemoved).padStart(12),
      r.refsByServer.join(" + ").padStart(15),
      r.serverPeakRssMiB.map((v) => v.toFixed(0)).join(" + ").padStart(20),
      r.serverCpuMs.map((v) => seconds(v)).join(" + ").padStart(13),
      (r.redisPeakRssMiB === null ? "-" : r.redisPeakRssMiB.toFixed(1)).padStart(19),
      (r.redisCpuMs === null ? "-" : seconds(r.redisCpuMs)).padStart(12),
      r.loadAverage.toFixed(2).padStart(5),
    ].join(" "),
  );
  return [header, ...lines].join("\n");
}
