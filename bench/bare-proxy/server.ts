import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { serveAsChild, type Listening } from "../yardstick-child";

/**
 * The ceiling the benchmark sets beside the facade: the least a Node server between the load and
 * the Blueshift simulator can do. It reads the benchmark's JSON body, sends the one DELETE on an
 * undici pool and answers the facade's success body when the upstream said 200. No GraphQL, no
 * input checks, no retries, no audit line, no metrics. Whatever share of the direct path's
 * throughput this reaches on the machine at hand, no facade on it can beat; so it tells whether a
 * target set against the direct path is reachable here at all. Not a product.
 */

const REMOVED = `${JSON.stringify({ data: { removeUserFromGroup: { __typename: "MembershipRemoval" } } })}\n`;
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export type BareProxy = Listening;

interface RemovalVariables {
  groupId: string;
  uuid: string;
}

function readVariables(req: IncomingMessage): Promise<RemovalVariables> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", reject);
    req.on("end", () => {
      try {
        resolve((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables: RemovalVariables }).variables);
      } catch (error) {
        reject(error);
      }
    });
  });
}

export async function startBareProxy(options: { blueshiftBaseUrl: string; blueshiftApiKey: string; port: number }): Promise<BareProxy> {
  // As many sockets as the benchmark's highest concurrency, as the facade's pool is sized.
  const pool = new Pool(options.blueshiftBaseUrl, { connections: 256 });
  const headers = { accept: "application/json", authorization: `Basic ${Buffer.from(`${options.blueshiftApiKey}:`).toString("base64")}` };

  const remove = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { groupId, uuid } = await readVariables(req);
    const upstream = await pool.request({
      method: "DELETE",
      path: `/api/v1/customer_group/${encodeURIComponent(groupId)}/user/${encodeURIComponent(uuid)}`,
      headers,
    });
    const body = await upstream.body.text();
    // Anything but a removal is answered as one, so the benchmark's body check counts it as an error.
    if (upstream.statusCode === 200) {
      res.writeHead(200, JSON_HEADERS).end(REMOVED);
    } else {
      res.writeHead(502, JSON_HEADERS).end(body);
    }
  };

  const server = createServer((req, res) => {
    remove(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

if (require.main === module) void serveAsChild(startBareProxy);
