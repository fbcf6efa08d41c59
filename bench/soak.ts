import { load } from "./load";
import { memoryMiB, openSockets, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

async function heapUsedMiB(serverUrl: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

/**
 * Mixed traffic (both providers at once) against simulators that rain faults, for `seconds`:
 * reports RSS and heap after warm-up and at the end, and the server's open sockets after.
 */
export async function soak(seconds: number): Promise<void> {
  const sims = await startSimulators(5, true);
  const server = await startServer(sims.urls);
  const pid = server.process.pid as number;
  try {
    const mixed = (provider: "BLUESHIFT" | "USERGRID", durationS: number) =>
      load({ ...facade(server.url, provider), expectBody: undefined }, { connections: 32, warmupS: 0, durationS }, { before: () => undefined, after: () => undefined });
    await Promise.all([mixed("BLUESHIFT", 5), mixed("USERGRID", 5)]);
    const warm = { rssMiB: memoryMiB(pid, "VmRSS"), heapMiB: await heapUsedMiB(server.url) };
    const [b, u] = await Promise.all([mixed("BLUESHIFT", seconds), mixed("USERGRID", seconds)]);
    // Let in-flight retries and keep-alive timers settle before counting what is left open.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const end = { rssMiB: memoryMiB(pid, "VmRSS"), heapMiB: await heapUsedMiB(server.url) };
    const sockets = openSockets(pid);
    process.stdout.write(
      [
        `soak ${seconds}s: ${b.requests + u.requests} requests (${b.errors + u.errors} transport errors, ${b.non2xx + u.non2xx} non-2xx)`,
        `  RSS  after warm-up ${warm.rssMiB.toFixed(1)} MiB, at end ${end.rssMiB.toFixed(1)} MiB, peak ${memoryMiB(pid, "VmHWM").toFixed(1)} MiB`,
        `  heap after warm-up ${warm.heapMiB.toFixed(1)} MiB, at end ${end.heapMiB.toFixed(1)} MiB (${(((end.heapMiB - warm.heapMiB) / warm.heapMiB) * 100).toFixed(1)}%)`,
        `  server sockets open after the traffic: ${sockets} (the listening socket included)`,
      ].join("\n") + "\n",
    );
  } finally {
    await stop(server.process);
    await stop(sims.process);
  }
}
