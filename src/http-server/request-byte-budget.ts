import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * Request-body bytes this server holds in memory at once, across every connection (docs/contract.md §7).
 * The per-request body limit bounds one request; this bounds them all: 1,500 connections each
 * sending most of a 1 MB body and then waiting once pushed the process from 115 to 1,606 MiB.
 * A request's bytes count from the first one received until its response ends or its connection
 * closes, whichever comes first.
 */
export class RequestByteBudget {
  private held = 0;

  constructor(
    readonly limitBytes: number,
    /** http_request_bytes_held, moved as bytes are taken and released. */
    private readonly gauge: { inc(bytes: number): void; dec(bytes: number): void },
  ) {}

  /** Bytes held now, by every request together. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * Counts what `req` brings in until `res` closes. The first chunk that would take the total over
   * the limit is not counted: `req` is paused, so it brings nothing more in, and `overflow` is
   * called (once) to answer and close the connection, which ends what the readers hold too.
   */
  hold(req: IncomingMessage, res: ServerResponse, overflow: () => void): void {
    let mine = 0;
    const onData = (chunk: Buffer) => {
      if (this.held + chunk.length > this.limitBytes) {
        req.off("data", onData);
        req.pause();
        overflow();
        return;
      }
      this.held += chunk.length;
      mine += chunk.length;
      this.gauge.inc(chunk.length);
    };
    req.on("data", onData);
    // "close" comes once the response has been sent or the connection is gone, whichever is first.
    res.once("close", () => {
      req.off("data", onData);
      this.held -= mine;
      if (mine > 0) this.gauge.dec(mine);
    });
  }
}

/**
 * The answer to a request refused because the budget is spent: the server's state, not the
 * request's fault, so a 503 that invites a retry (RFC 9110 §15.6.4), with the code docs/contract.md §9
 * gives other passing unavailability.
 */
export function overBudget(): GraphQLError {
  return new GraphQLError("The server is holding as many request bytes as it may; nothing was run. Try again shortly.", {
    extensions: {
      code: "SERVICE_UNAVAILABLE",
      http: { status: 503, headers: new HeaderMap([["retry-after", "1"]]) },
    },
  });
}
