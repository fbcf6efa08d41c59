import type { HttpAnswer } from "./http-answer";
import type { RemovalLedger } from "../removal/removal-ledger";
import type { LeftForRepeats } from "./idempotency-store";

/**
 * What a run of a request sent with an Idempotency-Key leaves for its repeats (docs/contract.md §9),
 * from its answer (null: none was produced, or it was streamed) and the ledger of its removals:
 *
 * - Only an answer of a request that began to run is kept. One without `data` is a request error,
 *   which the GraphQL spec ("Response", `data`) answers before execution begins: a refusal (401,
 *   403, a 400 for a document or variables, a persisted query not found), so it is forgotten and
 *   the same key with a corrected token or body runs. So is a 5xx (a server stopping, a defect),
 *   and a `data: null` whose ledger is empty: the operation was refused whole (a per-request cap
 *   such as BULK_MAX_REFS, a job start refused) before any removal ran.
 * - An answer is final, and replayed, when every removal's answer is final (repeat-policy.ts).
 *   Otherwise the ledger is kept and the repeat runs anew with it.
 * - A ledger that holds any answer is never forgotten, whatever became of the request's answer: a
 *   repeat must not lose a removal an earlier run made, nor the ambiguity of one.
 *
 * null: nothing is kept.
 */
export function whatToKeep(answer: HttpAnswer | null, ledger: RemovalLedger): LeftForRepeats | null {
  if (answer !== null && answer.status < 500 && ledger.settled && beganToRun(answer)) {
    return { kind: "answer", answer: { status: answer.status, contentType: answer.headers.get("content-type") ?? null, body: answer.body } };
  }
  return ledger.isEmpty ? null : { kind: "ledger", ledger: ledger.text() };
}

/**
 * Whether GraphQL began to execute the operation and left a result: its response then has a `data`
 * entry that is not null. A null `data` with removals in the ledger is kept through the ledger.
 */
function beganToRun(answer: HttpAnswer): boolean {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return false;
  }
  return typeof body === "object" && body !== null && "data" in body && body.data !== null && body.data !== undefined;
}
