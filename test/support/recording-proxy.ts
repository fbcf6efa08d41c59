import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A pass-through on 127.0.0.1 that keeps the headers of every request it forwards. */
export interface RecordingProxy {
  /** `http://127.0.0.1:PORT/`, as a supergraph's routing URL. */
  url: string;
  /** The headers of each request, in arrival order, as they reached the proxy. */
  readonly received: readonly IncomingHttpHeaders[];
  /** Forgets what was received. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Puts a recorder in front of a subgraph (this server, or the companion) so a test sees what a
 * gateway sent to it, byte for byte apart from the hop, without touching the subgraph's code.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((incoming, outgoing) => {
    received.push(incoming.headers);
    const forwarded = request(new URL(incoming.url ?? "/", target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    clear: () => {
      received.splice(0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
