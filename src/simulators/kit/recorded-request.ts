import type { IncomingHttpHeaders } from "node:http";

/** A request as it reached a simulator, body fully read, before anything was answered. */
export interface IncomingRequest {
  readonly method: string;
  /** Raw request target as received: percent-escapes and query string untouched. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a simulator keeps of each request, so tests can assert what the facade sent (and didn't). */
export interface RecordedRequest<Route extends string> extends IncomingRequest {
  readonly route: Route | "unrouted";
  /** Epoch ms its head arrived: what a rate an upstream enforces would count. */
  readonly receivedAt: number;
}
