import type { Redis } from "ioredis";
import { Provider } from "../../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../../graphql/remove-user-from-group-result.union";
import type { BulkJobCounts, BulkJobItem, BulkJobResultsPage, BulkJobUnit, BulkJobView, BulkRemovalStatus } from "../bulk-jobs";
import { decodeResult, encodeResult } from "../../removal/result-codec";
import { bucketOf, countAnswer, emptyCounts } from "../tally";
import { clientJobKey, jobKeys, scriptKeys, sharedKeys } from "./job-keys";
import { BEGIN_UNIT, CANCEL_JOB, CREATE_JOB, MARK_ENQUEUED, RELEASE_UNIT, STORE_ANSWER } from "./job-scripts";

/** A job as stored, with who owns it. */
export interface JobRecord {
  owner: string;
  /** The request it was started for (client-job-id.ts), when it has a clientJobId; null otherwise. */
  fingerprint: string | null;
  view: BulkJobView;
}

/** What a worker may do with a unit it has taken from the queue. */
export type Begun =
  /** `refusals`: the Retry-After refusals this unit met before (RetryAfterPolicy counts them). */
  | { kind: "run"; interrupted: boolean; refusals: number }
  | { kind: "skip"; reason: "gone" | "finished" | "answered" }
  /** The job was canceled while this unit was in flight with a worker that died: answer it unsent, as unknown. */
  | { kind: "orphaned" }
  /** Skipped, and the job, canceled, ended with it: it was the last unit in flight. */
  | { kind: "ended"; record: JobRecord };

export type Released = { kind: "again" | "gone" | "finished" } | { kind: "ended"; record: JobRecord };

export type Stored = { kind: "stored" | "already" | "gone" } | { kind: "completed" | "ended"; record: JobRecord };

/** The units of a job, kept until every one is on the queue. */
export interface PendingUnits {
  provider: Provider;
  groupId: string;
  units: BulkJobUnit[];
}

export interface NewJob {
  id: string;
  owner: string;
  provider: Provider;
  groupId: string;
  total: number;
  createdAt: Date;
  clientJobId: string | null;
  /** requestFingerprintOf the start; null without a clientJobId. */
  fingerprint: string | null;
  units: BulkJobUnit[];
  refused: readonly BulkJobItem[];
}

const STATUSES: readonly BulkRemovalStatus[] = ["QUEUED", "RUNNING", "COMPLETED", "CANCELED"];
const PROVIDERS: readonly string[] = Object.values(Provider);

/**
 * A job's records in Redis: its meta and counts, its answers by position, the units in flight.
 * Every change goes through one script of job-scripts.ts; reads are plain commands.
 */
export class JobRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long a finished job's keys live. */
    private readonly ttlMs: number,
  ) {}

  /**
   * Creates the job with its refused refs already answered, or finds the one this owner's
   * clientJobId names: `created` false then, and nothing is written.
   */
  async create(job: NewJob): Promise<{ created: boolean; id: string }> {
    const keys = jobKeys(this.prefix, job.id);
    const clientKey = job.clientJobId === null ? null : clientJobKey(this.prefix, job.owner, job.clientJobId);
    const counts = emptyCounts();
    const pairs: string[] = [];
    for (const item of job.refused) {
      countAnswer(counts, item.result);
      pairs.push(String(item.index), encodeResult(item.result));
    }
    const pending: PendingUnits = { provider: job.provider, groupId: job.groupId, units: job.units };
    const reply = await CREATE_JOB.run(
      this.redis,
      [...scriptKeys(keys), clientKey ?? keys.meta],
      [
        job.id,
        job.owner,
        job.provider,
        job.groupId,
        job.total,
        job.createdAt.getTime(),
        this.ttlMs,
        job.units.length,
        JSON.stringify(pending),
        clientKey === null ? "0" : "1",
        counts.removed,
        counts.notMember,
        counts.failed,
        counts.unknown,
        job.fingerprint ?? "",
        ...pairs,
      ],
    );
    const [outcome, existing] = asStrings(reply);
    if (outcome === "exists" && existing !== undefined) return { created: false, id: existing };
    return { created: true, id: job.id };
  }

  async markEnqueued(id: string): Promise<void> {
    await MARK_ENQUEUED.run(this.redis, scriptKeys(jobKeys(this.prefix, id)), [id]);
  }

  /** Jobs created before `before` whose units may not all be on the queue (their start stopped half-way). */
  async unfinishedEnqueues(before: Date): Promise<string[]> {
    return this.redis.zrangebyscore(sharedKeys(this.prefix).enqueuing, "-inf", `(${before.getTime()}`, "LIMIT", 0, 100);
  }

  /** The units a job still has to put on the queue; null once they all are (or the job is gone). */
  async pendingUnits(id: string): Promise<PendingUnits | null> {
    const text = await this.redis.get(jobKeys(this.prefix, id).units);
    if (text === null) {
      await this.redis.zrem(sharedKeys(this.prefix).enqueuing, id);
      return null;
    }
    return JSON.parse(text) as PendingUnits;
  }

  /** Jobs QUEUED and RUNNING, across every instance. */
  async countActive(): Promise<Record<"QUEUED" | "RUNNING", number>> {
    const { queued, running } = sharedKeys(this.prefix);
    const [q, r] = await Promise.all([this.redis.scard(queued), this.redis.scard(running)]);
    return { QUEUED: q, RUNNING: r };
  }

  async read(id: string): Promise<JobRecord | null> {
    return toRecord(id, await this.redis.hgetall(jobKeys(this.prefix, id).meta));
  }

  async begin(id: string, unit: BulkJobUnit, now: Date): Promise<Begun> {
    const reply = await BEGIN_UNIT.run(this.redis, scriptKeys(jobKeys(this.prefix, id)), [id, unit.key, firstPosition(unit), now.getTime(), this.ttlMs]);
    const { outcome, rest, more } = parseReply(reply);
    switch (outcome) {
      case "run":
        return { kind: "run", interrupted: rest === "1", refusals: Number(more ?? 0) };
      case "gone":
      case "finished":
      case "answered":
        return { kind: "skip", reason: outcome };
      case "orphaned":
        return { kind: "orphaned" };
      case "ended":
        return { kind: "ended", record: recordOf(id, rest) };
      default:
        throw new Error(`Unexpected reply from the begin-unit script: ${outcome}`);
    }
  }

  /** The unit goes back to the queue unsent (a Retry-After), unless its job has ended meanwhile. */
  async release(id: string, unit: BulkJobUnit, interrupted: boolean, now: Date): Promise<Released> {
    const reply = await RELEASE_UNIT.run(this.redis, scriptKeys(jobKeys(this.prefix, id)), [id, unit.key, interrupted ? "1" : "0", now.getTime(), this.ttlMs]);
    const { outcome, rest } = parseReply(reply);
    switch (outcome) {
      case "again":
      case "gone":
      case "finished":
        return { kind: outcome };
      case "ended":
        return { kind: "ended", record: recordOf(id, rest) };
      default:
        throw new Error(`Unexpected reply from the release-unit script: ${outcome}`);
    }
  }

  async store(id: string, unit: BulkJobUnit, result: RemoveUserFromGroupResult, now: Date): Promise<Stored> {
    const reply = await STORE_ANSWER.run(this.redis, scriptKeys(jobKeys(this.prefix, id)), [
      id,
      unit.key,
      bucketOf(result),
      encodeResult(result),
      now.getTime(),
      this.ttlMs,
      ...unit.positions,
    ]);
    const { outcome, rest } = parseReply(reply);
    switch (outcome) {
      case "completed":
      case "ended":
        return { kind: outcome, record: recordOf(id, rest) };
      case "stored":
      case "already":
      case "gone":
        return { kind: outcome };
      default:
        throw new Error(`Unexpected reply from the store-answer script: ${outcome}`);
    }
  }

  /** null: no such job, or another owner's. `ended`: this call finished the job (nothing of it was in flight). */
  async cancel(owner: string, id: string, now: Date): Promise<{ ended: boolean; record: JobRecord } | null> {
    const reply = await CANCEL_JOB.run(this.redis, scriptKeys(jobKeys(this.prefix, id)), [id, owner, now.getTime(), this.ttlMs]);
    if (reply === null) return null;
    const { outcome, rest } = parseReply(reply);
    return { ended: outcome === "ended", record: recordOf(id, rest) };
  }

  /**
   * Answered positions after `afterIndex`, in index order, at most `first`; null as for read.
   * A page read while the job runs holds the answers stored so far.
   */
  async results(owner: string, id: string, first: number, afterIndex: number): Promise<BulkJobResultsPage | null> {
    const keys = jobKeys(this.prefix, id);
    const [ownerReply, rangeReply] =
      (await this.redis
        .multi()
        .hget(keys.meta, "owner")
        .zrangebyscore(keys.answered, `(${afterIndex}`, "+inf", "LIMIT", 0, Math.max(0, first) + 1)
        .exec()) ?? [];
    if (!ownerReply || !rangeReply || ownerReply[0] || rangeReply[0]) throw ownerReply?.[0] ?? rangeReply?.[0] ?? new Error("The results transaction was aborted");
    if (ownerReply[1] !== owner) return null;
    const indexes = asStrings(rangeReply[1]);
    const page = indexes.slice(0, Math.max(0, first));
    const texts = page.length > 0 ? await this.redis.hmget(keys.results, ...page) : [];
    const items: BulkJobItem[] = [];
    page.forEach((index, i) => {
      const text = texts[i];
      // Absent only when the job expired between the two reads: the page ends there.
      if (text !== null && text !== undefined) items.push({ index: Number(index), result: decodeResult(text) });
    });
    return { items, hasNextPage: indexes.length > page.length };
  }
}

function firstPosition(unit: BulkJobUnit): number {
  const first = unit.positions[0];
  if (first === undefined) throw new Error(`Unit ${unit.key} has no positions`);
  return first;
}

/** A script's reply: {outcome, …}, the rest being a value or HGETALL's list, and maybe one more value. */
function parseReply(reply: unknown): { outcome: string; rest: unknown; more: unknown } {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") throw new Error("Unexpected reply from a job script");
  return { outcome: reply[0], rest: reply[1], more: reply[2] };
}

/** A job as a script read it back (HGETALL); it exists, since the script just wrote it. */
function recordOf(id: string, meta: unknown): JobRecord {
  const record = toRecord(id, fieldsOf(meta));
  if (!record) throw new Error(`Job ${id} could not be read back from the script that changed it`);
  return record;
}

function asStrings(reply: unknown): string[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((value: unknown) => String(value));
}

/** HGETALL as a Lua script returns it: a flat [field, value, …] list. */
function fieldsOf(reply: unknown): Record<string, string> {
  const flat = asStrings(reply);
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}

function toRecord(id: string, fields: Record<string, string>): JobRecord | null {
  const { owner, provider, groupId, status, fingerprint } = fields;
  if (owner === undefined || groupId === undefined || provider === undefined || !PROVIDERS.includes(provider)) return null;
  if (status === undefined || !STATUSES.includes(status as BulkRemovalStatus)) return null;
  const counts: BulkJobCounts = {
    done: Number(fields.done ?? 0),
    removed: Number(fields.removed ?? 0),
    notMember: Number(fields.notMember ?? 0),
    failed: Number(fields.failed ?? 0),
    unknown: Number(fields.unknown ?? 0),
  };
  return {
    owner,
    fingerprint: fingerprint === undefined || fingerprint === "" ? null : fingerprint,
    view: {
      id,
      provider: provider as Provider,
      groupId,
      status: status as BulkRemovalStatus,
      total: Number(fields.total ?? 0),
      counts,
      createdAt: new Date(Number(fields.createdAt)),
      startedAt: dateOrNull(fields.startedAt),
      finishedAt: dateOrNull(fields.finishedAt),
    },
  };
}

function dateOrNull(ms: string | undefined): Date | null {
  return ms === undefined || ms === "" ? null : new Date(Number(ms));
}
