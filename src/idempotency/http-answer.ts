/**
 * An HTTP answer as the handler writes it, whichever lane made it: what a request sent with an
 * Idempotency-Key keeps and replays (docs/contract.md §9).
 */
export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: ReadonlyMap<string, string>;
  body: string;
}
