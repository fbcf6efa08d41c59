import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { load } from "./load";
import { cpuMs, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

const CONNECTIONS = 16;
/**
 * Closed-loop load each server gets once, before any round. V8 keeps optimizing this server's hot
 * paths for tens of seconds: with a few seconds only, CPU per removal was still falling by a
 * quarter from one round to the next, and a build measured later looked cheaper for that alone.
 */
const JIT_WARMUP_S = 20;
/** Each round's own warm-up, after another build's turn, and its measured window. */
const WARMUP_S = 1;
const DURATION_S = 8;
/**
 * Requests per second, the same for every build (open loop). Under a closed loop the cheaper build
 * is sent more requests per second, and more requests per event-loop turn cost less CPU each, which
 * favoured it beyond its own cost. Well under what one core serves (about 3,000 here).
 */
const RATE = 1000;
/**
 * Each build is measured this many times, the builds taking turns, so that drift on a busy machine
 * falls on all of them; the figure is the mean over the rounds. One round's figures varied by
 * 10–20 % between two identical builds here; the means of eight were within 4 % of each other in
 * each of three runs, which the noise-control build shows for each run.
 */
const ROUNDS = 8;

/** One measured window of one build: the facade's Blueshift removal at a fixed rate. */
export interface TracingRow {
  name: string;
  round: number;
  requestsPerSecond: number;
  errors: number;
  /** The facade's CPU (utime + stime) over the window ÷ requests, in ms: what run.ts reports as `cpu ms/req`. */
  serverCpuMsPerRequest: number;
}

const OFF = "tracing off (OTEL_SDK_DISABLED)";
const BUILDS = [
  // OpenTelemetry's own switch: no SDK, no instrumentation, the API's no-op tracer.
  { name: OFF, env: { OTEL_SDK_DISABLED: "true" } },
  // What `npm start` runs without an endpoint: the trace continued or started, its context sent
  // upstream and its id logged, nothing recorded.
  { name: "tracing on, no exporter", env: {} },
  // Every span made and recorded, then dropped: what recording costs before any export.
  { name: "on, every span recorded (OTEL_TRACES_SAMPLER=always_on)", env: { OTEL_TRACES_SAMPLER: "always_on" } },
  // The first build again, as the noise control: its difference from the first is the method's own.
  { name: "tracing off again (noise control)", env: { OTEL_SDK_DISABLED: "true" } },
] as const;

/**
 * Pins a process and its threads to one core (Linux taskset). With two cores or more, each server
 * runs alone on core 0 and the load generator and simulators on the others, so that neither takes
 * the server's core in the middle of a build's window.
 */
function pin(pid: number, cores: string): void {
  execFileSync("taskset", ["-a", "-cp", cores, String(pid)], { stdio: "ignore" });
}

/**
 * What tracing costs per removal (docs/contract.md §11): the same removal through facades with
 * OpenTelemetry off, as `npm start` runs it, and with every span recorded, measured in turns.
 */
export async function tracing(): Promise<TracingRow[]> {
  const sims = await startSimulators(0);
  const servers = await Promise.all(BUILDS.map((build) => startServer(sims.urls, { env: build.env })));
  try {
    if (availableParallelism() >= 2) {
      const others = `1-${availableParallelism() - 1}`;
      for (const server of servers) pin(server.process.pid as number, "0");
      pin(sims.process.pid as number, others);
      pin(process.pid, others);
    }
    for (const server of servers) await load(facade(server.url, "BLUESHIFT"), { connections: CONNECTIONS, warmupS: JIT_WARMUP_S, durationS: 1 }, { before: () => undefined, after: () => undefined });
    const rows: TracingRow[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, build] of BUILDS.entries()) {
        const server = servers[i];
        if (!server) throw new Error("a build's server did not start");
        rows.push(await measure(build.name, round, server));
      }
    }
    return rows;
  } finally {
    for (const server of servers) await stop(server.process);
    await stop(sims.process);
  }
}

async function measure(name: string, round: number, server: { url: string; process: { pid?: number } }): Promise<TracingRow> {
  const pid = server.process.pid as number;
  let before = 0;
  let spent = 0;
  const figures = await load(facade(server.url, "BLUESHIFT"), { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, ratePerSecond: RATE }, {
    before: () => {
      before = cpuMs(pid);
    },
    after: () => {
      spent = cpuMs(pid) - before;
    },
  });
  const row: TracingRow = {
    name,
    round,
    requestsPerSecond: figures.requestsPerSecond,
    errors: figures.errors + figures.non2xx + figures.mismatches,
    serverCpuMsPerRequest: spent / figures.requests,
  };
  process.stderr.write(`${name}, round ${round}: ${row.requestsPerSecond.toFixed(0)} req/s, ${row.serverCpuMsPerRequest.toFixed(3)} cpu ms/req\n`);
  return row;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function tracingTable(rows: readonly TracingRow[]): string {
  const header = `tracing (Blueshift, ${RATE} req/s)                                  round    req/s  errors  cpu ms/req`;
  const lines = rows.map((r) =>
    [r.name.padEnd(58), String(r.round).padStart(5), r.requestsPerSecond.toFixed(0).padStart(8), String(r.errors).padStart(7), r.serverCpuMsPerRequest.toFixed(3).padStart(11)].join(" "),
  );
  const meanOf = (name: string) => mean(rows.filter((r) => r.name === name).map((r) => r.serverCpuMsPerRequest));
  const off = meanOf(OFF);
  const summary = BUILDS.map(({ name }) => {
    const cost = name === OFF ? "" : ` (${meanOf(name) >= off ? "+" : ""}${((meanOf(name) / off - 1) * 100).toFixed(1)} % against off)`;
    return `${name}: ${meanOf(name).toFixed(3)} ms${cost}`;
  });
  return [header, ...lines, "", `CPU per removal, mean of ${ROUNDS} rounds:`, ...summary].join("\n");
}
