import { randomUUID } from "node:crypto";
import type { Fault } from "../../simulation/fault";
import { invalidGrant, usergridError } from "./simulator-errors";

/**
 * Ready-made answers for what Usergrid (or a proxy in front of it) can say besides success.
 * Usergrid itself never throttles (usergrid.md §5); the gateway faults stand for what sits in front.
 */
export const usergridFaults = {
  /** 500 from an uncaught exception, 503 from a failed search (usergrid.md §2). */
  serverError(status: 500 | 503): Fault {
    // Uncaught errors carry an error_id as well (§2).
    return status === 503 ? usergridError("search_phase_execution") : usergridError("runtime", undefined, { error_id: randomUUID() });
  },

  expiredToken(): Fault {
    return usergridError("expired_token");
  },

  /** What a revoked or unknown token gets. */
  invalidToken(): Fault {
    return usergridError("auth_invalid");
  },

  unauthorized(): Fault {
    return usergridError("unauthorized");
  },

  /** For the token route: the grant refused. */
  invalidGrant(): Fault {
    return invalidGrant;
  },

  /** A throttling gateway in front of Usergrid: 429, with `Retry-After` as given or none. */
  gatewayRateLimited(retryAfter?: string): Fault {
    return { status: 429, contentType: "text/plain", body: "Too Many Requests", ...(retryAfter === undefined ? {} : { headers: { "retry-after": retryAfter } }) };
  },

  /** A proxy's HTML error page. */
  gatewayError(status: 502 | 504): Fault {
    const title = status === 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
    return { status, contentType: "text/html", body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>` };
  },
};
