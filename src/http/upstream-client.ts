import type { IncomingHttpHeaders } from "node:http";
import { Pool } from "undici";
import { HttpFailure } from "./http-failure";
import { MAX_BODY_BYTES, parseBody, type ResponseBody } from "./response-body";

export interface UpstreamRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path below the base URL, already percent-encoded, starting with "/". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: ResponseBody;
  requestId: string | null;
}

export interface UpstreamClientOptions {
  /** Keep-alive connections kept open to the upstream. */
  connections: number;
  connectTimeoutMs: number;
  /**
   * How long an idle socket is kept. It also bounds how long a socket whose request was abandoned
   * on timeout stays open: undici keeps such a socket after the abort and closes it with the
   * keep-alive timer, not at once (measured with undici 7.30).
   */
  keepAliveTimeoutMs: number;
}

/**
 * One keep-alive pool per upstream. Returns every HTTP status as data and throws only
 * HttpFailure, so a caller can tell an answer from a lost request.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly pathPrefix: string;

  constructor(baseUrl: string, options: UpstreamClientOptions) {
    const url = new URL(baseUrl);
    // A deployment may live under a path prefix (CONTRACT §3); the pool only takes the origin.
    this.pathPrefix = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connect: { timeout: options.connectTimeoutMs },
      keepAliveTimeout: options.keepAliveTimeoutMs,
      keepAliveMaxTimeout: options.keepAliveTimeoutMs,
      // The caller's signal bounds each attempt; these only stop undici's own defaults (300 s) from applying.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  async send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.pathPrefix + request.path,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const text = await readCapped(response.body);
      const contentType = response.headers["content-type"];
      const requestId = response.headers["x-request-id"];
      return {
        status: response.statusCode,
        headers: response.headers,
        body: parseBody(text, Array.isArray(contentType) ? contentType[0] : contentType),
        requestId: (Array.isArray(requestId) ? requestId[0] : requestId) ?? null,
      };
    } catch (error) {
      throw HttpFailure.from(error, signal.aborted);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) {
      // A body this large is not one of the documented answers; keep the head, drop the rest.
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}
