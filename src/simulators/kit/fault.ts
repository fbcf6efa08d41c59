import type { IncomingRequest } from "./recorded-request";
import type { SimulatorAnswer } from "./simulator-answer";

/**
 * A scripted answer for the next request on one route, standing in for the simulator's real one.
 * Each kind reproduces a failure the facade must tell apart (docs/contract.md §2, docs/blueshift.md §12.7-11).
 */
export type Fault =
  /** Answered without applying anything. */
  | SimulatorAnswer
  /**
   * Answered without applying anything, from the request itself: an upstream that echoes what it
   * received (a credential in an error body, docs/blueshift.md §6) can only be played this way.
   */
  | { fromRequest: (request: IncomingRequest) => SimulatorAnswer }
  /** The request is read and never answered; the socket stays open until the client gives up or close(). */
  | { hang: true }
  /** The socket is destroyed without an answer; nothing is applied. */
  | { reset: true }
  /** The real answer, after this delay. */
  | { delayMs: number }
  /** The real work is done (e.g. the membership is removed), then `then` answers instead. */
  | { apply: true; then: Fault };
