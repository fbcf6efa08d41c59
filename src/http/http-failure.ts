/** Why an attempt produced no HTTP response. */
export enum HttpFailureCode {
  /** Refused, unreachable or unresolvable: the request never left this server. */
  CONNECT = "CONNECT",
  /** No connection within the connect timeout: the request never left this server. */
  CONNECT_TIMEOUT = "CONNECT_TIMEOUT",
  /** No full response within the attempt's time: the request may have been applied. */
  TIMEOUT = "TIMEOUT",
  /** The connection broke while the request or response was in flight: it may have been applied. */
  RESET = "RESET",
  /** The circuit breaker is open after recent failures: nothing was sent. */
  CIRCUIT_OPEN = "CIRCUIT_OPEN",
  /** Too many calls to this upstream were already in flight or queued: nothing was sent. */
  SHED = "SHED",
  /** The removal's deadline (UPSTREAM_DEADLINE_MS, for all its calls) had passed: this attempt was not sent. */
  DEADLINE = "DEADLINE",
  /**
   * The provider's budget (*_MAX_RPS across the fleet, or a Retry-After pause) had no room for this
   * attempt before the removal's deadline: it was not sent (docs/contract.md §10).
   */
  OVER_BUDGET = "OVER_BUDGET",
}

/** Codes of errors raised before any byte of the request can have been written. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/**
 * The one error an upstream client throws: every HTTP status is data, only transport failures
 * are errors (as in undici's own error classes, split by phase so callers can tell "never
 * connected" from "connected, then nothing").
 */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";

  /** When the upstream may be tried again (an open circuit's half-open time), in seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly code: HttpFailureCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? null;
  }

  /** `sent`: whether undici had started writing the request to a socket when the error came. */
  static from(error: unknown, { sent }: { sent: boolean }): HttpFailure {
    if (error instanceof HttpFailure) return error;
    const code = errorCode(error);
    if (code === "UND_ERR_CONNECT_TIMEOUT") return new HttpFailure(HttpFailureCode.CONNECT_TIMEOUT, "connect timeout", { cause: error });
    if (!sent || (code && NEVER_SENT.has(code))) {
      return new HttpFailure(HttpFailureCode.CONNECT, `connection failed (${code ?? "before sending"})`, { cause: error });
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new HttpFailure(HttpFailureCode.TIMEOUT, "no response in time", { cause: error });
    }
    // Anything else (socket closed, reset, broken pipe) is read as "may have been sent": the
    // safe assumption for a destructive call.
    return new HttpFailure(HttpFailureCode.RESET, `connection lost (${code ?? "unknown"})`, { cause: error });
  }
}

// Duck-typed rather than `instanceof Error`: errors raised by Node's core may come from another
// realm (as under jest's VM context) and fail that check.
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
