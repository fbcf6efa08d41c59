import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../log/logger";

/**
 * A scrape is one small GET from a known scraper: a request that has not arrived whole within
 * this long is not one, and its connection is closed.
 */
const REQUEST_TIMEOUT_MS = 10_000;

export interface MetricsServer {
  /** The origin it listens on, without a trailing slash: Prometheus scrapes `${url}/metrics`. */
  readonly url: string;
  /** Stops listening and closes its connections, a scrape in flight included. */
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  registry: Registry;
  /** METRICS_PORT; 0 for any free port (tests). */
  port: number;
  /** HOST, the GraphQL port's: the scraper reaches both through the same interface. */
  host: string;
  logger: Logger;
}

/**
 * /metrics on a port of its own (METRICS_PORT, docs/contract.md §3), never on the GraphQL port:
 * the metrics name providers, routes and callers' refusals, and scraping costs CPU, so only whoever
 * may reach this port (the scraper, a private network) reads them, and the public port answers 404
 * there like any unknown path. Anything but GET or HEAD /metrics is answered 404 or 405.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS }, (req, res) => void answer(req, res, options));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const shown = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection open between scrapes; shutdown does not wait for the next one.
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, options: MetricsServerOptions): Promise<void> {
  const queryStart = req.url?.indexOf("?") ?? -1;
  const pathname = queryStart === -1 ? req.url : req.url?.slice(0, queryStart);
  if (pathname !== "/metrics") return sendText(res, 404, "Not found: metrics are served at /metrics\n");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return sendText(res, 405, "Method not allowed: GET /metrics\n");
  }
  try {
    const text = await options.registry.metrics();
    res.statusCode = 200;
    res.setHeader("content-type", options.registry.contentType);
    res.end(req.method === "HEAD" ? undefined : text);
  } catch (error) {
    options.logger.error({ err: error }, "metrics scrape failed");
    sendText(res, 500, "Internal server error\n");
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(text);
}
