/**
 * The caller's clientJobId already names a job of theirs for another provider, group or list of
 * refs (docs/contract.md §8). Nothing was queued: the earlier job is not this request's answer.
 */
export class ClientJobIdReusedError extends Error {
  override readonly name = "ClientJobIdReusedError";

  constructor() {
    super("This clientJobId already names another job of this caller: one started with another provider, group or list of refs.");
  }
}
