import { createServer, type RequestListener } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface SimulatorServerOptions {
  host?: string;
  port?: number;
}

export interface SimulatorServer {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  /** Destroys every open socket, hung ones included, then stops listening. */
  close(): Promise<void>;
  openSockets(): number;
}

/**
 * Listens on 127.0.0.1 and an ephemeral port by default, tracking sockets itself: server.close()
 * alone would wait forever for a connection a "hang" fault keeps open (graphql-http's
 * startDisposableServer does the same).
 */
export async function startSimulatorServer(handler: RequestListener, options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const { host = "127.0.0.1", port = 0 } = options;
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        // Their "close" events come a tick later; openSockets() must already read 0.
        sockets.clear();
        // The callback's error only says the server was already closed: closing twice is fine.
        server.close(() => resolve());
      }),
  };
}
