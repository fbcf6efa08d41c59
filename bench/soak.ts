import { get } from "node:http";
import { load } from "./load";
import { memoryMiB, openSockets, startServer, startSimulators, stop } from "./processes";
import { facade } from "./scenarios";

/** Read over a connection of its own that closes after the answer, so it is not counted as left open. */
async function heapSampleMiB(serverUrl: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    get(`${serverUrl}/metrics`, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve(body));
    }).on("error", reject);
  });
  const match = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : NaN;
}

/**
 * The smallest of a few samples a second apart: one sample also counts whatever garbage the young
 * generation holds at that instant, which swings by tens of MiB from one moment to the next.
 */
async function heapUsedMiB(serverUrl: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await heapSampleMiB(serverUrl));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return Math.min(...samples);
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
    // Let in-flight retries settle (UPSTREAM_DEADLINE_MS, 8 s) and then the keep-alive timer (4 s)
    // close idle and abandoned upstream sockets before counting what is left open.
    await new Promise((resolve) => setTimeout(resolve, 13_000));
    const end = { rssMiB: memoryMiB(pid, "VmRSS"), heapMiB: await heapUsedMiB(server.url) };
    const sockets = openSockets(pid);
    process.stdout.write(
      [
        `soak ${seconds}s: ${b.requests + u.requests} requests (${b.errors + u.errors} transport errors, ${b.non2xx + u.non2xx} non-2xx)`,
        `  RSS  after warm-up ${warm.rssMiB.toFixed(1)} MiB, at end ${end.rssMiB.toFixed(1)} MiB, peak ${memoryMiB(pid, "VmHWM").toFixed(1)} MiB`,
        `  heap after warm-up ${warm.heapMiB.toFixed(1)} MiB, at end ${end.heapMiB.toFixed(1)} MiB (${(((end.heapMiB - warm.heapMiB) / warm.heapMiB) * 100).toFixed(1)}%)`,
        `  server TCP sockets open after the traffic: ${sockets} (the listening socket included)`,
      ].join("\n") + "\n",
    );
  } finally {
    await stop(server.process);
    await stop(sims.process);
  }
}
