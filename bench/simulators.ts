import "reflect-metadata";
import { blueshiftBulkSeed, startBlueshiftSimulator } from "../src/simulators/blueshift/simulator";
import { startUsergridSimulator, usergridBulkSeed } from "../src/simulators/usergrid/simulator";
import { startFaultRain } from "./fault-rain";

/**
 * The upstreams of a benchmark run, in their own process so that their CPU is not the server's.
 * Bench mode restores each membership right after its removal, so every request does the real
 * work of a successful removal. `--bulk N` adds a group of N members for the bulk case (bulk.ts).
 * Prints one JSON line with the URLs, then serves until killed.
 */
async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? "0");
  const faults = process.argv.includes("--faults");
  const bulkIndex = process.argv.indexOf("--bulk");
  const bulkMembers = bulkIndex === -1 ? 0 : Number(process.argv[bulkIndex + 1]);
  const blueshift = await startBlueshiftSimulator({ restoreAfterRemoval: true, ...(bulkMembers > 0 ? { seed: blueshiftBulkSeed(bulkMembers) } : {}) });
  const usergrid = await startUsergridSimulator({ restoreAfterRemoval: true, ...(bulkMembers > 0 ? { seed: usergridBulkSeed(bulkMembers) } : {}) });
  blueshift.setLatency(latencyMs);
  usergrid.setLatency(latencyMs);
  const rain = faults ? startFaultRain(blueshift, usergrid) : undefined;
  // Request logs would grow for the whole run; a benchmark never reads them.
  const trim = setInterval(() => {
    blueshift.clearRequests();
    usergrid.clearRequests();
  }, 1000);
  process.stdout.write(`${JSON.stringify({ blueshift: blueshift.url, usergrid: usergrid.url })}\n`);
  process.on("SIGTERM", () => {
    clearInterval(trim);
    rain?.stop();
    void Promise.all([blueshift.close(), usergrid.close()]).then(() => process.exit(0));
  });
}

void main();
