import { setTimeout as sleep } from "node:timers/promises";
import { BLUESHIFT_BULK_GROUP_ID, bulkCustomer } from "../src/simulators/blueshift/simulator";

/**
 * What the jobs benchmark (jobs.ts) sends a server: a job over the bulk group's members, polls of
 * its progress, and a read of the refs that server answered. Apart from jobs.ts so that a test
 * can run them against a facade in process.
 */

const JOB_FIELDS = "id status total done removed notMember failed unknown createdAt startedAt finishedAt";
const START =
  `mutation Start($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) { startBulkRemoval(provider: $provider, groupId: $groupId, userRefs: $userRefs) { ${JOB_FIELDS} } }`;
const PROGRESS = `query Progress($id: ID!) { bulkRemoval(id: $id) { ${JOB_FIELDS} } }`;

export interface JobAnswer {
  id: string;
  status: "QUEUED" | "RUNNING" | "COMPLETED" | "CANCELED";
  total: number;
  done: number;
  removed: number;
  notMember: number;
  failed: number;
  unknown: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

async function graphql<T>(serverUrl: string, query: string, variables: object): Promise<T> {
  const response = await fetch(`${serverUrl}/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`refused (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Queues a Blueshift job over bulkCustomer(0) … bulkCustomer(refs - 1) and returns it at once. */
export async function startJob(serverUrl: string, refs: number): Promise<JobAnswer> {
  const userRefs = Array.from({ length: refs }, (_, i) => ({ uuid: bulkCustomer(i).uuid }));
  const data = await graphql<{ startBulkRemoval: JobAnswer }>(serverUrl, START, { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRefs });
  return data.startBulkRemoval;
}

/** Polls until the job no longer changes (finishedAt set); throws when it takes longer than `giveUpMs`. */
export async function waitForJob(serverUrl: string, id: string, pollMs: number, giveUpMs: number): Promise<JobAnswer> {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    const { bulkRemoval } = await graphql<{ bulkRemoval: JobAnswer | null }>(serverUrl, PROGRESS, { id });
    if (!bulkRemoval) throw new Error(`job ${id} is gone`);
    if (bulkRemoval.finishedAt !== null) return bulkRemoval;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${bulkRemoval.status} after ${giveUpMs} ms (${bulkRemoval.done} of ${bulkRemoval.total} answered)`);
    await sleep(pollMs);
  }
}

/** bulk_removal_job_refs_total over all its labels, from a Prometheus text page: the refs this process answered. */
export function refsAnswered(metricsText: string): number {
  let sum = 0;
  for (const line of metricsText.split("\n")) {
    if (line.startsWith("bulk_removal_job_refs_total{")) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
