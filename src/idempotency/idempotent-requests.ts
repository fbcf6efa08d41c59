import type { GraphQLError } from "graphql";
import type { HttpAnswer } from "../fast-lane/fast-lane";
import type { Logger } from "../log/logger";
import { ThrottledLog } from "../redis/throttled-log";
import type { Metrics } from "../telemetry/metrics";
import { idempotencyKeyInUse, idempotencyKeyReused, idempotencyStoreUnavailable } from "./idempotency-refusals";
import type { IdempotencyStore, StoredAnswer } from "./idempotency-store";
import { IdempotencyStoreUnavailable } from "./idempotency-store-unavailable.error";

/**
 * How long a claim holds without renewal. Its owner renews it every third of this while the request
 * runs, however long that is; an instance that crashed stops renewing, and a repeat runs once the
 * lease has passed, rather than meeting IDEMPOTENCY_KEY_IN_USE for as long as the record is kept.
 */
const LEASE_MS = 10_000;
const RENEW_EVERY_MS = LEASE_MS / 3;
/** One line per kind of store failure and interval: during an outage every request with a key meets one. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

/** The header a replayed answer carries (Stripe's name, kept by the IETF httpapi idempotency draft's examples). */
export const REPLAYED_HEADER = "idempotent-replayed";

/** How a request sent with an Idempotency-Key ends. */
export type IdempotentOutcome =
  /** It ran: its answer (null when none was produced, or it was streamed and has been written already). */
  | { readonly kind: "ran"; readonly answer: HttpAnswer | null }
  /** A request with the same key and body answered before: that answer, to send as it is. */
  | { readonly kind: "replayed"; readonly answer: HttpAnswer }
  /** Nothing ran: the refusal to answer with (409, 422 or 503). */
  | { readonly kind: "refused"; readonly refusal: GraphQLError };

export interface IdempotentRequestsOptions {
  store: IdempotencyStore;
  /** How long an answer is replayed for (IDEMPOTENCY_TTL_HOURS). */
  ttlMs: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Runs requests sent with an Idempotency-Key at most once per key and caller (docs/contract.md §9):
 * the first claims the key's record, runs, and stores its complete answer before it is sent, so a
 * repeat that arrives once the client could have seen it is replayed, byte for byte. A repeat with
 * another body is refused (422), one while the first runs too (409), and so is every request with
 * a key while the store is unreachable (503), never run without its record.
 *
 * Only a complete answer under 500 is stored. No answer at all (the request failed in this
 * server, or its answer was streamed) and a 5xx (a server stopping, a defect) release the claim,
 * so that a retry runs rather than replaying a failure that says nothing about the operation.
 */
export class IdempotentRequests {
  private readonly outcomes: Record<"run" | "replayed" | "reused" | "in_use" | "unavailable", { inc(): void }>;
  private readonly failures: ThrottledLog;

  constructor(private readonly options: IdempotentRequestsOptions) {
    const counter = options.metrics.idempotentRequests;
    this.outcomes = {
      run: counter.labels("run"),
      replayed: counter.labels("replayed"),
      reused: counter.labels("reused"),
      in_use: counter.labels("in_use"),
      unavailable: counter.labels("unavailable"),
    };
    this.failures = new ThrottledLog(options.logger, FAILURE_LOG_INTERVAL_MS);
  }

  /** `run` is called only when this request claimed the record; what it resolves to is stored, then returned. */
  async serve(record: string, fingerprint: string, run: () => Promise<HttpAnswer | null>): Promise<IdempotentOutcome> {
    const { store } = this.options;
    let claim;
    try {
      claim = await store.claim(record, fingerprint, LEASE_MS);
    } catch (error) {
      return this.unavailable(error);
    }
    if (claim.kind !== "claimed") {
      if (claim.fingerprint !== fingerprint) return this.refuse("reused", idempotencyKeyReused());
      if (claim.kind === "running") return this.refuse("in_use", idempotencyKeyInUse());
      this.outcomes.replayed.inc();
      return { kind: "replayed", answer: replayOf(claim.answer) };
    }

    this.outcomes.run.inc();
    const { token } = claim;
    const lease = { running: true };
    const renewal = setInterval(() => void this.renew(record, token, lease), RENEW_EVERY_MS);
    // A lease must never keep the process alive: a shutdown ends with the requests it waits for.
    renewal.unref();
    const stopRenewing = () => {
      lease.running = false;
      clearInterval(renewal);
    };
    let answer: HttpAnswer | null;
    try {
      answer = await run();
    } catch (error) {
      stopRenewing();
      await this.release(record, token);
      throw error;
    }
    stopRenewing();
    if (answer === null || answer.status >= 500) await this.release(record, token);
    else await this.complete(record, token, storedOf(answer));
    return { kind: "ran", answer };
  }

  private refuse(outcome: "reused" | "in_use", refusal: GraphQLError): IdempotentOutcome {
    this.outcomes[outcome].inc();
    return { kind: "refused", refusal };
  }

  private unavailable(error: unknown): IdempotentOutcome {
    if (!(error instanceof IdempotencyStoreUnavailable)) throw error;
    this.failures.error("claim", error.cause ?? error, "request with an Idempotency-Key refused (503): its record could not be read, so it was not run");
    this.outcomes.unavailable.inc();
    return { kind: "refused", refusal: idempotencyStoreUnavailable() };
  }

  /** `lease.running` turns false once the request has its answer: a renewal that then finds the claim gone met its completion. */
  private async renew(record: string, token: string, lease: { readonly running: boolean }): Promise<void> {
    try {
      if (!(await this.options.store.renew(record, token, LEASE_MS)) && lease.running) {
        this.options.logger.warn("the claim of a request with an Idempotency-Key lapsed while it ran: a repeat may run it again");
      }
    } catch (error) {
      // The next renewal may succeed; the lease is long enough for a few to fail.
      this.failures.error("renew", causeOf(error), "the claim of a request with an Idempotency-Key could not be renewed");
    }
  }

  private async complete(record: string, token: string, answer: StoredAnswer): Promise<void> {
    try {
      if (await this.options.store.complete(record, token, answer, this.options.ttlMs)) return;
      this.options.logger.warn("the answer of a request with an Idempotency-Key was not stored: its claim had lapsed, and a repeat may have run it again");
    } catch (error) {
      // The client still gets the answer; only a repeat of it will run again, once the lease passes.
      this.failures.error("complete", causeOf(error), "the answer of a request with an Idempotency-Key could not be stored: a repeat will run it again");
    }
  }

  private async release(record: string, token: string): Promise<void> {
    try {
      await this.options.store.release(record, token);
    } catch (error) {
      // The lease ends the claim instead, a few seconds later.
      this.failures.error("release", causeOf(error), "the claim of a request with an Idempotency-Key could not be released: a repeat meets IDEMPOTENCY_KEY_IN_USE until its lease ends");
    }
  }
}

/** The answer as it is kept: the status, content type and body the client was sent. */
function storedOf(answer: HttpAnswer): StoredAnswer {
  return { status: answer.status, contentType: answer.headers.get("content-type") ?? null, body: answer.body };
}

function replayOf(answer: StoredAnswer): HttpAnswer {
  const headers = new Map([[REPLAYED_HEADER, "true"]]);
  if (answer.contentType !== null) headers.set("content-type", answer.contentType);
  return { status: answer.status, headers, body: answer.body };
}

function causeOf(error: unknown): unknown {
  return error instanceof IdempotencyStoreUnavailable ? (error.cause ?? error) : error;
}
