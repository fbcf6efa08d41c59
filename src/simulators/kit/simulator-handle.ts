import type { Fault } from "./fault";
import type { RecordedRequest } from "./recorded-request";

/** What every upstream simulator offers a test: its URL, what it received, and fault switches. */
export interface SimulatorHandle<Route extends string> {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest<Route>[];
  requestsTo(route: Route | "unrouted"): readonly RecordedRequest<Route>[];
  /** Forgets recorded requests, keeping state: long benchmark runs would otherwise grow the log without bound. */
  clearRequests(): void;
  /** Appends answers to that route's queue; an empty queue means normal behaviour. */
  script(route: Route, answers: readonly Fault[]): void;
  /** Every answer on every route is delayed by ms (0 = none). */
  setLatency(ms: number): void;
  /** Highest number of concurrent requests seen since start or reset (for concurrency-cap tests). */
  readonly maxInFlight: number;
  /** Reseeds state; clears scripts, recorded requests, latency and maxInFlight. */
  reset(): void;
  openSockets(): number;
  /** Destroys every open socket, hung ones included, and stops listening. */
  close(): Promise<void>;
}
