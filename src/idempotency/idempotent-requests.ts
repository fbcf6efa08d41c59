import type { GraphQLError } from "graphql";
import { IDEMPOTENCY_LEASE_MS as LEASE_MS } from "../config/tunables";
import type { HttpAnswer } from "./http-answer";
import type { Logger } from "../log/logger";
import { ThrottledLog } from "../redis/throttled-log";
import { RemovalLedger } from "../removal/removal-ledger";
import type { Metrics } from "../telemetry/metrics";
import { idempotencyKeyInUse, idempotencyKeyReused, idempotencyStoreUnavailable, tooManyIdempotentRequests } from "./idempotency-refusals";
import type { ClaimResult, IdempotencyRecord, IdempotencyStore, LeftForRepeats, StoredAnswer } from "./idempotency-store";
import { IdempotencyStoreUnavailable } from "./idempotency-store-unavailable.error";
import { whatToKeep } from "./keep-policy";

/** A claim's owner renews its lease (IDEMPOTENCY_LEASE_MS) every third of it while the request runs. */
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
  /** Nothing ran: the refusal to answer with (409, 422, 429 or 503). */
  | { readonly kind: "refused"; readonly refusal: GraphQLError };

export interface IdempotentRequestsOptions {
  store: IdempotencyStore;
  /** How long an answer is replayed for (IDEMPOTENCY_TTL_HOURS). */
  ttlMs: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Runs mutations sent with an Idempotency-Key at most once per key and caller (docs/contract.md §9):
 * the first claims the key's record, runs, and stores its final answer before it is sent, so a
 * repeat that arrives once the client could have seen it is replayed, byte for byte. A repeat with
 * another body is refused (422), one while the first runs too (409), and so is every request with
 * a key while the store is unreachable (503), never run without its record.
 *
 * What a run keeps is keep-policy.ts's to say: a refusal before anything ran is forgotten; an
 * answer whose removals did not all end finally is not replayed, and the repeat runs anew with
 * the ledger of those removals (removal-ledger.ts), so a client that reuses its key for every
 * retry can finish, and never sees a removal an earlier run made hidden.
 */
export class IdempotentRequests {
  private readonly outcomes: Record<"run" | "replayed" | "reused" | "in_use" | "busy" | "unavailable", { inc(): void }>;
  private readonly failures: ThrottledLog;

  constructor(private readonly options: IdempotentRequestsOptions) {
    const counter = options.metrics.idempotentRequests;
    this.outcomes = {
      run: counter.labels("run"),
      replayed: counter.labels("replayed"),
      reused: counter.labels("reused"),
      in_use: counter.labels("in_use"),
      busy: counter.labels("busy"),
      unavailable: counter.labels("unavailable"),
    };
    this.failures = new ThrottledLog(options.logger, FAILURE_LOG_INTERVAL_MS);
  }

  /**
   * `run` is called only when this request claimed the record, with the ledger its removals answer
   * into (what earlier runs of the request left in it, if any); what it leaves is kept (whatToKeep)
   * before its answer is returned.
   */
  async serve(record: IdempotencyRecord, fingerprint: string, run: (ledger: RemovalLedger) => Promise<HttpAnswer | null>): Promise<IdempotentOutcome> {
    let claim: ClaimResult;
    try {
      claim = await this.options.store.claim(record, fingerprint, LEASE_MS);
    } catch (error) {
      return this.unavailable(error);
    }
    switch (claim.kind) {
      case "reused":
        return this.refuse("reused", idempotencyKeyReused());
      case "running":
        return this.refuse("in_use", idempotencyKeyInUse());
      case "busy":
        return this.refuse("busy", tooManyIdempotentRequests());
      case "answered":
        this.outcomes.replayed.inc();
        return { kind: "replayed", answer: replayOf(claim.answer) };
      case "claimed":
        return this.runClaimed(record, claim.token, claim.ledger, run);
    }
  }

  private async runClaimed(record: IdempotencyRecord, token: string, earlier: string | null, run: (ledger: RemovalLedger) => Promise<HttpAnswer | null>): Promise<IdempotentOutcome> {
    this.outcomes.run.inc();
    const lease = { running: true };
    const renewal = setInterval(() => void this.renew(record, token, lease), RENEW_EVERY_MS);
    // A lease must never keep the process alive: a shutdown ends with the requests it waits for.
    renewal.unref();
    const stopRenewing = () => {
      lease.running = false;
      clearInterval(renewal);
    };
    let ledger: RemovalLedger | null = null;
    let answer: HttpAnswer | null;
    try {
      ledger = earlier === null ? RemovalLedger.empty() : RemovalLedger.parse(earlier);
      answer = await run(ledger);
    } catch (error) {
      stopRenewing();
      await this.keep(record, token, ledger && whatToKeep(null, ledger));
      throw error;
    }
    stopRenewing();
    await this.keep(record, token, whatToKeep(answer, ledger));
    return { kind: "ran", answer };
  }

  private refuse(outcome: "reused" | "in_use" | "busy", refusal: GraphQLError): IdempotentOutcome {
    this.outcomes[outcome].inc();
    return { kind: "refused", refusal };
  }

  private unavailable(error: unknown): IdempotentOutcome {
    if (!(error instanceof IdempotencyStoreUnavailable)) throw error;
    this.failures.error("claim", error.cause ?? error, "request with an Idempotency-Key refused (503): its record could not be read or kept, so it was not run");
    this.outcomes.unavailable.inc();
    return { kind: "refused", refusal: idempotencyStoreUnavailable() };
  }

  /** `lease.running` turns false once the request has its answer: a renewal that then finds the claim gone met its completion. */
  private async renew(record: IdempotencyRecord, token: string, lease: { readonly running: boolean }): Promise<void> {
    try {
      if (!(await this.options.store.renew(record, token, LEASE_MS)) && lease.running) {
        this.options.logger.warn("the claim of a request with an Idempotency-Key lapsed while it ran: a repeat may run it again");
      }
    } catch (error) {
      // The next renewal may succeed; the lease is long enough for a few to fail.
      this.failures.error("renew", causeOf(error), "the claim of a request with an Idempotency-Key could not be renewed");
    }
  }

  /** Stores what the run left for its repeats in place of its claim; releases the claim when it left nothing. */
  private async keep(record: IdempotencyRecord, token: string, left: LeftForRepeats | null): Promise<void> {
    if (left === null) {
      await this.release(record, token);
      return;
    }
    try {
      if (await this.options.store.complete(record, token, left, this.options.ttlMs)) return;
      this.options.logger.warn("the answer of a request with an Idempotency-Key was not stored: its claim had lapsed, and a repeat may have run it again");
    } catch (error) {
      // The client still gets the answer; only a repeat of it will run again, once the lease passes.
      this.failures.error("complete", causeOf(error), "the answer of a request with an Idempotency-Key could not be stored: a repeat will run it again");
    }
  }

  private async release(record: IdempotencyRecord, token: string): Promise<void> {
    try {
      await this.options.store.release(record, token);
    } catch (error) {
      // The lease ends the claim instead, a few seconds later.
      this.failures.error("release", causeOf(error), "the claim of a request with an Idempotency-Key could not be released: a repeat meets IDEMPOTENCY_KEY_IN_USE until its lease ends");
    }
  }
}

function replayOf(answer: StoredAnswer): HttpAnswer {
  const headers = new Map([[REPLAYED_HEADER, "true"]]);
  if (answer.contentType !== null) headers.set("content-type", answer.contentType);
  return { status: answer.status, headers, body: answer.body };
}

function causeOf(error: unknown): unknown {
  return error instanceof IdempotencyStoreUnavailable ? (error.cause ?? error) : error;
}
