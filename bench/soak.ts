import { liveHeapMiB } from "./inspector";
import { load } from "./load";
import { freePort, openConnections, rssMiB, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

/**
 * Mixed traffic (both providers at once) against simulators that rain faults, for `seconds`:
 * reports RSS and live heap (after a forced full GC) after warm-up and at the end, and the
 * server's open TCP connections after.
 */
export async function soak(seconds: number): Promise<void> {
  const sims = await startSimulators(5, true);
  const inspectorPort = await freePort();
  const server = await startServer(sims.urls, { nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`] });
  const pid = server.process.pid as number;
  try {
    const mixed = (provider: "BLUESHIFT" | "USERGRID", durationS: number) =>
      load({ ...facade(server.url, provider), expectBody: undefined }, { connections: 32, warmupS: 0, durationS }, { before: () => undefined, after: () => undefined });
    await Promise.all([mixed("BLUESHIFT", 5), mixed("USERGRID", 5)]);
    const warm = { rss: rssMiB(pid), heapMiB: await liveHeapMiB(inspectorPort) };
    const [b, u] = await Promise.all([mixed("BLUESHIFT", seconds), mixed("USERGRID", seconds)]);
    // Let in-flight retries settle (UPSTREAM_DEADLINE_MS, 8 s) and then the keep-alive timer (4 s)
    // close idle and abandoned upstream sockets before counting what is left open.
    await new Promise((resolve) => setTimeout(resolve, 13_000));
    const end = { rss: rssMiB(pid), heapMiB: await liveHeapMiB(inspectorPort) };
    const sockets = openConnections(pid);
    process.stdout.write(
      [
        `soak ${seconds}s: ${b.requests + u.requests} requests (${b.errors + u.errors} transport errors, ${b.non2xx + u.non2xx} non-2xx)`,
        `  RSS  after warm-up ${warm.rss.current.toFixed(1)} MiB, at end ${end.rss.current.toFixed(1)} MiB, peak ${end.rss.peak.toFixed(1)} MiB`,
        `  live heap after warm-up ${warm.heapMiB.toFixed(1)} MiB, at end ${end.heapMiB.toFixed(1)} MiB (${(((end.heapMiB - warm.heapMiB) / warm.heapMiB) * 100).toFixed(1)}%)`,
        `  server TCP connections open after the traffic: ${sockets}`,
      ].join("\n") + "\n",
    );
  } finally {
    await stop(server.process);
    await stop(sims.process);
  }
}
