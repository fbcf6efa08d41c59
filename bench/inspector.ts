import { WebSocket } from "undici";

/**
 * The server's V8 inspector (started with --inspect on a port of the benchmark's choosing): the only
 * way to force a full garbage collection from outside, so that "heap used" counts what is live and
 * not whatever garbage an idle server has not yet collected.
 */
export async function liveHeapMiB(inspectorPort: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("the server's inspector lists no target");
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let nextId = 0;
  const call = (method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const id = ++nextId;
      const onMessage = (event: { data: unknown }) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== id) return;
        socket.removeEventListener("message", onMessage);
        resolve(message.result ?? {});
      };
      socket.addEventListener("message", onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    const usage = await call("Runtime.getHeapUsage");
    return Number(usage.usedSize) / 1024 / 1024;
  } finally {
    socket.close();
  }
}
