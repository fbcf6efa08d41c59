import { randomUUID } from "node:crypto";
import type { Fault } from "../kit/fault";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import { echoForms, withCredentialEcho, type CredentialEchoOptions } from "./credential-echo";
import { invalidGrant, usergridError } from "./errors";

/**
 * Ready-made answers for what Usergrid (or a proxy in front of it) can say besides success.
 * Usergrid itself never throttles (docs/usergrid.md §5); the gateway faults stand for what sits in front.
 * The error answers take `{ echo }` to repeat the caller's credential in `error_description`, so a
 * test can show whether the facade passes an upstream's words on unscrubbed.
 */
export const usergridFaults = {
  /** 500 from an uncaught exception, 503 from a failed search (docs/usergrid.md §2). */
  serverError(status: 500 | 503, options?: CredentialEchoOptions): Fault {
    // Uncaught errors carry an error_id as well (docs/usergrid.md §2).
    return echoing(() => (status === 503 ? usergridError("search_phase_execution") : usergridError("runtime", undefined, { error_id: randomUUID() })), options);
  },

  expiredToken(options?: CredentialEchoOptions): Fault {
    return echoing(() => usergridError("expired_token"), options);
  },

  /** What a revoked or unknown token gets. */
  invalidToken(options?: CredentialEchoOptions): Fault {
    return echoing(() => usergridError("auth_invalid"), options);
  },

  unauthorized(options?: CredentialEchoOptions): Fault {
    return echoing(() => usergridError("unauthorized"), options);
  },

  /** For the token route: the grant refused. */
  invalidGrant(options?: CredentialEchoOptions): Fault {
    return echoing(() => invalidGrant, options);
  },

  /** For the token route, or any route sent `client_id`/`client_secret`: the client refused with 401 (docs/usergrid.md §2 auth table). */
  invalidClient(options?: CredentialEchoOptions): Fault {
    return echoing(() => usergridError("invalid_client"), options);
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

function echoing(answer: () => SimulatorAnswer, options: CredentialEchoOptions | undefined): Fault {
  const forms = echoForms(options?.echo);
  return forms.length === 0 ? answer() : { fromRequest: (request) => withCredentialEcho(answer(), request, forms) };
}
