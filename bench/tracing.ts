import { load } from "./load";
import { cpuMs, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

const CONNECTIONS = 16;
const WARMUP_S = 3;
const DURATION_S = 6;
/**
 * Each build is measured this many times, the builds taking turns, so that drift on a busy machine
 * falls on both; the figure is the median of the rounds' on/off ratios, which one noisy round moves least.
 */
const ROUNDS = 4;

/** One measured window of one build: the facade's Blueshift removal at c16. */
export interface TracingRow {
  name: string;
  round: number;
  requestsPerSecond: number;
  errors: number;
  /** The facade's CPU (utime + stime) over the window ÷ requests, in ms: what run.ts reports as `cpu ms/req`. */
  serverCpuMsPerRequest: number;
}

const BUILDS = [
  // OpenTelemetry's own switch: no SDK, no instrumentation, the API's no-op tracer.
  { name: "tracing off (OTEL_SDK_DISABLED)", env: { OTEL_SDK_DISABLED: "true" } },
  // What `npm start` runs without an endpoint: spans made, propagated and logged, none exported.
  { name: "tracing on, no exporter", env: {} },
  // The same without graphql-js's parse, validate and execute spans: the cheaper choice (README).
  { name: "on, OTEL_NODE_DISABLED_INSTRUMENTATIONS=graphql", env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: "graphql" } },
] as const;

/**
 * What tracing costs per removal (docs/contract.md §11): the same removal through two facades, one
 * with OpenTelemetry turned off and one as `npm start` runs it, measured in turns.
 */
export async function tracing(): Promise<TracingRow[]> {
  const sims = await startSimulators(0);
  const servers = await Promise.all(BUILDS.map((build) => startServer(sims.urls, { env: build.env })));
  try {
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
  const figures = await load(facade(server.url, "BLUESHIFT"), { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S }, {
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function tracingTable(rows: readonly TracingRow[]): string {
  const header = "tracing (c16, Blueshift)                          round    req/s  errors  cpu ms/req";
  const lines = rows.map((r) =>
    [r.name.padEnd(48), String(r.round).padStart(5), r.requestsPerSecond.toFixed(0).padStart(8), String(r.errors).padStart(7), r.serverCpuMsPerRequest.toFixed(3).padStart(11)].join(" "),
  );
  const [off, ...others] = BUILDS.map((build) => rows.filter((r) => r.name === build.name).map((r) => r.serverCpuMsPerRequest));
  const summary = others.map((on, i) => {
    const ratios = (off ?? []).map((o, round) => (on[round] ?? o) / o);
    return `${BUILDS[i + 1]?.name}: mean ${mean(on).toFixed(3)} ms against ${mean(off ?? []).toFixed(3)} off; median of the rounds' ratios: +${((median(ratios) - 1) * 100).toFixed(1)} %`;
  });
  return [header, ...lines, "", "CPU per removal:", ...summary].join("\n");
}
