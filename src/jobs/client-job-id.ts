import { createHash } from "node:crypto";
import type { Provider } from "../graphql/provider.enum";
import type { UserRef } from "../graphql/user-ref.input";
import { ClientJobIdReusedError } from "./client-job-id-reused.error";

/**
 * What a clientJobId names, for both job engines (docs/contract.md §8): the job its caller started
 * under it, and only for the same request again.
 */

/**
 * (owner, clientJobId) as one key. Both are the caller's own text (a token's `sub`, a string
 * argument), so they are kept apart by JSON rather than joined with a separator: joined with "\n",
 * ("alice\nx", "y") and ("alice", "x\ny") were one key, and one caller read another's job.
 */
export function clientJobKeyOf(owner: string, clientJobId: string): string {
  return JSON.stringify([owner, clientJobId]);
}

/**
 * The request a job was started for, in one canonical form: the provider, the group and every ref
 * in order, each by all three of its fields as given. Hashed, so a job of 10,000 refs keeps 43
 * characters of it.
 */
export function requestFingerprintOf(provider: Provider, groupId: string, userRefs: readonly UserRef[]): string {
  const refs = userRefs.map((ref) => [ref.uuid ?? null, ref.username ?? null, ref.email ?? null]);
  return createHash("sha256").update(JSON.stringify([provider, groupId, refs])).digest("base64url");
}

/**
 * Throws ClientJobIdReusedError unless the earlier job was started for this very request: the
 * earlier job given as the answer to a start for another group or other refs would report, as
 * done, work that was never queued, and no one named in the new request would be removed. A job
 * stored without a fingerprint cannot be shown to be the same request, so it is refused too.
 */
export function assertSameRequest(earlierFingerprint: string | null, fingerprint: string | null): void {
  if (earlierFingerprint === null || earlierFingerprint !== fingerprint) throw new ClientJobIdReusedError();
}
