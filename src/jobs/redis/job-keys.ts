import { createHash } from "node:crypto";
import { clientJobKeyOf } from "../client-job-id";

/**
 * Where one bulk-removal job lives in Redis. Every key of a job carries its id as a hash tag
 * (`{id}`), and every script of job-scripts.ts takes them in this order.
 */
export interface JobKeys {
  /** Hash: owner, provider, groupId, status, total, timestamps, clientKey, and the counts. */
  meta: string;
  /** Hash: position → the encoded answer (result-codec.ts). */
  results: string;
  /** Sorted set of answered positions (score = position), so results pages in index order. */
  answered: string;
  /** Set of unit keys a worker has begun and not yet answered: a crash leaves them here. */
  inFlight: string;
  /** Hash: unit key → Retry-After pauses it has met. */
  pauses: string;
  /** String: the job's units (JSON) until they are all on the queue, for a start that died half-way. */
  units: string;
  /** Sorted set (score = createdAt) of jobs whose units may not all be on the queue yet; one for all jobs. */
  enqueuing: string;
  /** Sets of the ids of QUEUED and of RUNNING jobs, one each for all jobs: what /metrics counts. */
  queued: string;
  running: string;
}

export function jobKeys(prefix: string, id: string): JobKeys {
  const base = `${prefix}:job:{${id}}`;
  return {
    meta: `${base}:meta`,
    results: `${base}:results`,
    answered: `${base}:answered`,
    inFlight: `${base}:in-flight`,
    pauses: `${base}:pauses`,
    units: `${base}:units`,
    ...sharedKeys(prefix),
  };
}

/** The keys every job shares. */
export function sharedKeys(prefix: string): Pick<JobKeys, "enqueuing" | "queued" | "running"> {
  return { enqueuing: `${prefix}:enqueuing`, queued: `${prefix}:jobs:QUEUED`, running: `${prefix}:jobs:RUNNING` };
}

/** The keys in the order the scripts read them (KEYS[1] … KEYS[9]). */
export function scriptKeys(keys: JobKeys): string[] {
  return [keys.meta, keys.results, keys.answered, keys.inFlight, keys.pauses, keys.units, keys.enqueuing, keys.queued, keys.running];
}

/**
 * The job a caller's clientJobId names: the hash of clientJobKeyOf, which keeps owner and
 * clientJobId apart whatever they hold, and writes neither into a key name in clear.
 */
export function clientJobKey(prefix: string, owner: string, clientJobId: string): string {
  const digest = createHash("sha256").update(clientJobKeyOf(owner, clientJobId)).digest("hex");
  return `${prefix}:client-job:${digest}`;
}
