import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import { decodeResult, encodeResult } from "./result-codec";
import { afterInterruption } from "./after-interruption";
import { repeatOf } from "./repeat-policy";

/**
 * What each removal of one mutation sent with an Idempotency-Key has answered, across the runs of
 * that request (docs/contract.md §9), by its place in the request: a root field's response key,
 * and `key.i` for position i of removeUsersFromGroup's list. A repeat has the same body (the
 * fingerprint says so), so a place names the same removal in every run.
 *
 * A run takes an earlier final answer as it is and sends nothing for it, so a removal an earlier
 * run made is never hidden by the "not a member" a second DELETE would now get; it runs anew only
 * the removals whose earlier answer was not final, by repeat-policy.ts. The request's answer is
 * replayed once every removal's answer is final; until then, what the ledger holds is kept for the
 * next repeat instead.
 */
export class RemovalLedger {
  private readonly answers: Map<string, RemoveUserFromGroupResult>;

  private constructor(private readonly earlier: ReadonlyMap<string, RemoveUserFromGroupResult>) {
    this.answers = new Map(earlier);
  }

  /** The first run of a request: no removal has answered yet. */
  static empty(): RemovalLedger {
    return new RemovalLedger(new Map());
  }

  /** A repeat: the ledger an earlier run left, as `text()` wrote it. Throws when it is not one. */
  static parse(text: string): RemovalLedger {
    const entries: unknown = JSON.parse(text);
    if (!Array.isArray(entries)) throw new Error("A stored removal ledger is not a list of [place, answer] pairs.");
    const earlier = new Map<string, RemoveUserFromGroupResult>();
    for (const entry of entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "string") {
        throw new Error("A stored removal ledger holds something else than [place, answer] pairs.");
      }
      earlier.set(entry[0], decodeResult(entry[1]));
    }
    return new RemovalLedger(earlier);
  }

  /** The answer an earlier run gave at `place` when it is final: it stands, and nothing is sent for it now. */
  kept(place: string): RemoveUserFromGroupResult | undefined {
    const earlier = this.earlier.get(place);
    return earlier !== undefined && repeatOf(earlier).kind === "final" ? earlier : undefined;
  }

  /** This run's answer at `place`, read after the earlier run's (an ambiguous one counts), and kept. */
  answered(place: string, provider: Provider, result: RemoveUserFromGroupResult): RemoveUserFromGroupResult {
    const earlier = this.earlier.get(place);
    const repeat = earlier === undefined ? null : repeatOf(earlier);
    const answer = repeat?.kind === "ambiguous" ? afterInterruption(provider, result, repeat.earlier) : result;
    this.answers.set(place, answer);
    return answer;
  }

  /** Whether any removal of the request has answered, in this run or an earlier one. */
  get isEmpty(): boolean {
    return this.answers.size === 0;
  }

  /** Whether every removal that answered has a final answer, so the request's answer may be replayed as it is. */
  get settled(): boolean {
    for (const answer of this.answers.values()) if (repeatOf(answer).kind !== "final") return false;
    return true;
  }

  /** Every answer so far, for the next repeat to parse. */
  text(): string {
    return JSON.stringify(Array.from(this.answers, ([place, answer]) => [place, encodeResult(answer)]));
  }
}
