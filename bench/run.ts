import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bulk, bulkTable } from "./bulk";
import { idempotency, idempotencyTable } from "./idempotency";
import { jobs, jobsTable } from "./jobs";
import { load, type LoadFigures, type LoadTarget } from "./load";
import { cpuMs, rssMiB, startBareProxyProcess, startReference, startServer, startSimulators, stop } from "./processes";
import { directBlueshift, facade } from "./scenarios";
import { soak } from "./soak";
import { tracing, tracingTable } from "./tracing";

const WARMUP_S = 3;
const DURATION_S = 10;

interface Row extends LoadFigures {
  name: string;
  connections: number;
  upstreamLatencyMs: number;
  /** Server CPU (utime + stime) over the measured window ÷ requests, in ms; null for the direct path. */
  serverCpuMsPerRequest: number | null;
  serverPeakRssMiB: number | null;
}

/**
 * A mode's figures in a file of its own (bench/results/<mode>.json): latest.json stays the run of
 * the request-path benchmark.
 */
function writeResults(mode: string, figures: Record<string, unknown>): void {
  const file = join(__dirname, "..", "..", "bench", "results", `${mode}.json`);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...figures }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

async function measure(name: string, target: LoadTarget, connections: number, upstreamLatencyMs: number, serverPid?: number): Promise<Row> {
  let cpuBefore = 0;
  let cpuAfter = 0;
  const figures = await load(target, { connections, warmupS: WARMUP_S, durationS: DURATION_S }, {
    before: () => {
      if (serverPid) cpuBefore = cpuMs(serverPid);
    },
    after: () => {
      if (serverPid) cpuAfter = cpuMs(serverPid);
    },
  });
  const row: Row = {
    name,
    connections,
    upstreamLatencyMs,
    ...figures,
    serverCpuMsPerRequest: serverPid ? (cpuAfter - cpuBefore) / figures.requests : null,
    serverPeakRssMiB: serverPid ? rssMiB(serverPid).peak : null,
  };
  process.stderr.write(`${name}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.latencyUs.p50} µs, p99 ${row.latencyUs.p99} µs\n`);
  return row;
}

/**
 * One latency setting against the same simulators: the direct floor, the bare proxy (the ceiling
 * for anything in between, bare-proxy/server.ts), the facade for each provider, then the plain
 * Apollo Server build the figures were set against (reference/server.ts).
 */
async function group(connections: number, latencyMs: number): Promise<Row[]> {
  const sims = await startSimulators(latencyMs);
  const server = await startServer(sims.urls);
  const bare = await startBareProxyProcess(sims.urls);
  const plain = await startReference(sims.urls);
  try {
    const pid = server.process.pid as number;
    const setting = `c${connections} +${latencyMs}ms`;
    return [
      await measure(`direct Blueshift DELETE ${setting}`, directBlueshift(sims.urls), connections, latencyMs),
      // The same mutation body and the same expected answer as the facade's.
      await measure(`bare proxy Blueshift ${setting}`, facade(bare.url, "BLUESHIFT"), connections, latencyMs, bare.process.pid as number),
      await measure(`facade Blueshift ${setting}`, facade(server.url, "BLUESHIFT"), connections, latencyMs, pid),
      await measure(`facade Usergrid ${setting}`, facade(server.url, "USERGRID"), connections, latencyMs, pid),
      await measure(`reference Blueshift ${setting}`, facade(plain.url, "BLUESHIFT"), connections, latencyMs, plain.process.pid as number),
    ];
  } finally {
    await stop(plain.process);
    await stop(bare.process);
    await stop(server.process);
    await stop(sims.process);
  }
}

const us = (v: number) => v.toFixed(0).padStart(8);
/** A difference with its sign: under load a yardstick's p99 can come out above the facade's. */
const signed = (v: number, digits: number) => `${v < 0 ? "-" : "+"}${Math.abs(v).toFixed(digits)}`;

function table(rows: Row[]): string {
  const header = "scenario                              req/s    p50 µs    p99 µs  p99.9 µs  non2xx  errors  cpu ms/req  peak RSS MiB";
  const lines = rows.map((r) =>
    [
      r.name.padEnd(34),
      r.requestsPerSecond.toFixed(0).padStart(8),
      us(r.latencyUs.p50),
      us(r.latencyUs.p99),
      us(r.latencyUs.p999),
      String(r.non2xx).padStart(7),
      String(r.errors + r.mismatches).padStart(7),
      (r.serverCpuMsPerRequest === null ? "-" : r.serverCpuMsPerRequest.toFixed(3)).padStart(11),
      (r.serverPeakRssMiB === null ? "-" : r.serverPeakRssMiB.toFixed(1)).padStart(13),
    ].join(" "),
  );
  return [header, ...lines].join("\n");
}

/** Measured at the same concurrency and upstream latency, so against the same direct path. */
function sameSetting(a: Row, b: Row): boolean {
  return a.connections === b.connections && a.upstreamLatencyMs === b.upstreamLatencyMs;
}

function comparisons(rows: Row[]): Record<string, { throughputRatio: number; addedP50Us: number; addedP99Us: number }> {
  const result: Record<string, { throughputRatio: number; addedP50Us: number; addedP99Us: number }> = {};
  for (const direct of rows.filter((r) => r.name.startsWith("direct"))) {
    for (const facadeRow of rows.filter((r) => !r.name.startsWith("direct") && sameSetting(r, direct))) {
      result[facadeRow.name] = {
        throughputRatio: facadeRow.requestsPerSecond / direct.requestsPerSecond,
        addedP50Us: facadeRow.latencyUs.p50 - direct.latencyUs.p50,
        addedP99Us: facadeRow.latencyUs.p99 - direct.latencyUs.p99,
      };
    }
  }
  return result;
}

/** The facade's Blueshift removal beside a yardstick's, at one setting both ran. */
interface Versus {
  /** Facade CPU per removal ÷ the yardstick's. */
  cpuRatio: number;
  cpuMsPerRemoval: { facade: number; yardstick: number };
  /** Facade throughput ÷ the yardstick's. */
  throughputRatio: number;
  /** Facade p99 minus the yardstick's, in µs. */
  addedP99Us: number;
  peakRssMiB: { facade: number; yardstick: number };
}

/** `yardstick`: the name its rows start with ("reference", "bare proxy"). */
function versus(rows: Row[], yardstick: string): Record<string, Versus> {
  const result: Record<string, Versus> = {};
  for (const theirs of rows.filter((r) => r.name.startsWith(yardstick))) {
    const ours = rows.find((r) => r.name.startsWith("facade Blueshift") && sameSetting(r, theirs));
    if (!ours || ours.serverCpuMsPerRequest === null || theirs.serverCpuMsPerRequest === null) continue;
    result[ours.name] = {
      cpuRatio: ours.serverCpuMsPerRequest / theirs.serverCpuMsPerRequest,
      cpuMsPerRemoval: { facade: ours.serverCpuMsPerRequest, yardstick: theirs.serverCpuMsPerRequest },
      throughputRatio: ours.requestsPerSecond / theirs.requestsPerSecond,
      addedP99Us: ours.latencyUs.p99 - theirs.latencyUs.p99,
      peakRssMiB: { facade: ours.serverPeakRssMiB ?? NaN, yardstick: theirs.serverPeakRssMiB ?? NaN },
    };
  }
  return result;
}

async function main(): Promise<void> {
  const soakIndex = process.argv.indexOf("--soak");
  if (soakIndex !== -1) {
    await soak(Number(process.argv[soakIndex + 1] ?? "120"));
    return;
  }
  if (process.argv.includes("--bulk")) {
    process.stdout.write(`\n${bulkTable(await bulk())}\n`);
    return;
  }
  if (process.argv.includes("--jobs")) {
    const rows = await jobs();
    process.stdout.write(`\n${jobsTable(rows)}\n`);
    writeResults("jobs", { jobs: rows });
    return;
  }
  if (process.argv.includes("--idempotency")) {
    const rows = await idempotency();
    process.stdout.write(`\n${idempotencyTable(rows)}\n`);
    writeResults("idempotency", { idempotency: rows });
    return;
  }
  if (process.argv.includes("--tracing")) {
    const rows = await tracing();
    process.stdout.write(`\n${tracingTable(rows)}\n`);
    writeResults("tracing", { tracing: rows });
    return;
  }
  const rows = [...(await group(16, 0)), ...(await group(256, 50))];
  const bulkRows = await bulk();
  const ratios = comparisons(rows);
  process.stdout.write(`\n${table(rows)}\n\nagainst the direct path (same connections, same upstream latency):\n`);
  for (const [name, r] of Object.entries(ratios)) {
    process.stdout.write(
      `  ${name.padEnd(34)} throughput ${(r.throughputRatio * 100).toFixed(1)}% of direct, ${signed(r.addedP50Us / 1000, 2)} ms p50, ${signed(r.addedP99Us / 1000, 2)} ms p99\n`,
    );
  }
  const versusReference = versus(rows, "reference");
  process.stdout.write(`\nfacade vs the plain Apollo Server + RESTDataSource build (same machine, same run):\n`);
  for (const [name, r] of Object.entries(versusReference)) {
    process.stdout.write(
      `  ${name.padEnd(34)} ${(r.cpuRatio * 100).toFixed(0)}% of its CPU per removal, ${(r.throughputRatio * 100).toFixed(0)}% of its throughput, peak RSS ${r.peakRssMiB.facade.toFixed(0)} against ${r.peakRssMiB.yardstick.toFixed(0)} MiB\n`,
    );
  }
  const versusBareProxy = versus(rows, "bare proxy");
  process.stdout.write(`\nfacade vs the bare proxy, the most a Node server in between reaches here (same run):\n`);
  for (const [name, r] of Object.entries(versusBareProxy)) {
    process.stdout.write(
      `  ${name.padEnd(34)} ${(r.throughputRatio * 100).toFixed(1)}% of its throughput, ${signed((r.cpuMsPerRemoval.facade - r.cpuMsPerRemoval.yardstick) * 1000, 0)} µs CPU per removal, ${signed(r.addedP99Us / 1000, 2)} ms p99\n`,
    );
  }
  process.stdout.write(`\n${bulkTable(bulkRows)}\n`);
  const file = join(__dirname, "..", "..", "bench", "results", "latest.json");
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows, ratios, versusReference, versusBareProxy, bulk: bulkRows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
