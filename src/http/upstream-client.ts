import type { IncomingHttpHeaders } from "node:http";
import { Pool, type Dispatcher } from "undici";
import type { Attempt } from "./call-policy";
import { HttpFailure, HttpFailureCode } from "./http-failure";
import { MAX_BODY_BYTES, parseBody } from "./response-body";
import { withTraceContext } from "./attempt-tracing";

export interface UpstreamRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path below the base URL, already percent-encoded, starting with "/". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
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
  /**
   * Cleans the upstream's request id before it goes anywhere (a response, a log line): it is the
   * upstream's text too, and may echo a credential (the provider's CredentialScrubber).
   */
  scrub: (text: string) => string;
}

/** A request id is an opaque handle for support; anything longer is not one. */
const MAX_REQUEST_ID_LENGTH = 200;

/**
 * One keep-alive pool per upstream. Each attempt resolves to an Attempt, an answer (any HTTP
 * status) or an HttpFailure, and never rejects, so a caller can tell an answer from a lost
 * request without a catch.
 *
 * Requests go through undici's `dispatch` with a handler of our own rather than `request()`:
 * the response is small and read whole, so a stream per response and an AbortSignal per attempt
 * (AbortSignal.timeout and undici's listener on it) were most of the client's CPU cost per
 * removal in the profile. The handler also tells exactly whether the request reached a socket.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly pathPrefix: string;
  private readonly scrub: (text: string) => string;

  constructor(baseUrl: string, options: UpstreamClientOptions) {
    this.scrub = options.scrub;
    const url = new URL(baseUrl);
    // A deployment may live under a path prefix (docs/contract.md §3); the pool only takes the origin.
    this.pathPrefix = url.pathname.replace(/\/+$/, "");
    // undici 7.28 and later write a request on a reused keep-alive socket only once the event
    // loop has read whatever that socket already holds (GHSA-35p6-xmwp-9g52: bytes an upstream
    // sent unasked must not become the next request's answer). Under load that wait is the rest
    // of the loop's turn, 1.3 ms on average at concurrency 256 (README, Benchmark). It is kept:
    // an answer belonging to another removal would be an outcome invented.
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      connect: { timeout: options.connectTimeoutMs },
      keepAliveTimeout: options.keepAliveTimeoutMs,
      keepAliveMaxTimeout: options.keepAliveTimeoutMs,
      // Each attempt is bounded by its own timer (see ResponseCollector); undici's defaults (300 s) would never apply.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /**
   * One attempt, given up after `timeoutMs`. It carries the active trace context (the attempt's
   * span: src/http/attempt-tracing.ts), taken now: a request the pool queues keeps it.
   */
  send(request: UpstreamRequest, timeoutMs: number): Promise<Attempt> {
    const headers = withTraceContext(request.headers);
    return new Promise((resolve) => {
      const collector = new ResponseCollector(resolve, timeoutMs, this.scrub);
      try {
        this.pool.dispatch({ method: request.method, path: this.pathPrefix + request.path, headers, body: request.body }, collector);
      } catch (error) {
        collector.notDispatched(error);
      }
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Collects one response, up to MAX_BODY_BYTES, and enforces the attempt's timeout. */
class ResponseCollector implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private readonly timer: NodeJS.Timeout;
  private settled = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly resolve: (attempt: Attempt) => void,
    timeoutMs: number,
    private readonly scrub: (text: string) => string,
  ) {
    this.timer = setTimeout(() => this.timeOut(), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Called on a connected socket just before the request is written: aborting here sends nothing.
    if (this.settled) controller.abort(new Error("attempt timed out before the request was sent"));
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // A body this large is not one of the documented answers; keep the head, drop the rest.
    if (this.size >= MAX_BODY_BYTES) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  onResponseEnd(): void {
    if (this.finish()) return;
    const contentType = this.headers["content-type"];
    const header = this.headers["x-request-id"];
    const requestId = Array.isArray(header) ? header[0] : header;
    const text = (this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)).subarray(0, MAX_BODY_BYTES).toString("utf8");
    this.resolve({
      kind: "response",
      response: {
        status: this.status,
        headers: this.headers,
        body: parseBody(text, Array.isArray(contentType) ? contentType[0] : contentType),
        requestId: requestId === undefined ? null : this.scrub(requestId).slice(0, MAX_REQUEST_ID_LENGTH),
      },
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.finish()) return;
    this.fail(HttpFailure.from(error, { sent: this.controller !== undefined }));
  }

  /** undici refused the request before any existed (a closed pool, a malformed header): nothing was sent. */
  notDispatched(error: unknown): void {
    if (this.finish()) return;
    this.fail(HttpFailure.from(error, { sent: false }));
  }

  private timeOut(): void {
    if (this.settled) return;
    this.settled = true;
    const sent = this.controller !== undefined;
    this.fail(
      sent
        ? new HttpFailure(HttpFailureCode.TIMEOUT, "no response in time")
        : new HttpFailure(HttpFailureCode.CONNECT_TIMEOUT, "no connection in time; nothing was sent"),
    );
    this.controller?.abort(new Error("attempt timed out"));
  }

  private fail(failure: HttpFailure): void {
    this.resolve({ kind: "failure", failure });
  }

  /** True when the attempt was already answered (by its timeout). */
  private finish(): boolean {
    clearTimeout(this.timer);
    if (this.settled) return true;
    this.settled = true;
    return false;
  }
}
