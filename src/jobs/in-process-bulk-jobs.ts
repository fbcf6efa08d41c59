import { randomUUID } from "node:crypto";
import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { Logger } from "../log/logger";
import type { MembershipProvider } from "../providers/membership-provider";
import type {
  BulkJobCounts,
  BulkJobItem,
  BulkJobResultsPage,
  BulkJobs,
  BulkJobUnit,
  BulkJobView,
  BulkRemovalStatus,
  RunUnit,
  StartBulkJob,
} from "./bulk-jobs";
import type { JobTelemetry } from "./job-telemetry";
import { assertSameRequest, clientJobKeyOf, requestFingerprintOf } from "./client-job-id";
import { MAX_JOB_REFS_PER_PROCESS } from "../config/tunables";
import { HeldRefs } from "./held-refs";
import { planJob } from "./plan-job";
import { countAnswer, emptyCounts } from "./tally";
import { UnitRunner } from "./unit-runner";
import { outsideRequest } from "../telemetry/request-correlation";

export interface InProcessBulkJobsOptions {
  providers: ReadonlyMap<Provider, MembershipProvider>;
  logger: Logger;
  telemetry: JobTelemetry;
  /** How long a finished job stays readable (BULK_JOB_TTL_HOURS, in ms so tests can wait it out). */
  ttlMs: number;
  /** Epoch ms now; Date.now unless a test turns the clock itself. */
  now?: () => number;
  /** How each unit's user is removed (UnitRunner runs it); the providers' own sessions unless given. */
  runUnit?: RunUnit;
  /** BULK_JOB_MAX_REFS_PER_CALLER: the refs one owner's jobs may hold until they expire. */
  maxRefsPerCaller: number;
  /** MAX_JOB_REFS_PER_PROCESS unless given (a test cannot hold a million refs). */
  maxRefsPerProcess?: number;
}

interface Job {
  readonly id: string;
  readonly owner: string;
  readonly clientJobId: string | null;
  /** The request it was started for (client-job-id.ts); null without a clientJobId, which is all it is compared for. */
  readonly fingerprint: string | null;
  readonly provider: Provider;
  readonly groupId: string;
  readonly units: readonly BulkJobUnit[];
  /** One slot per ref, filled once, when its answer is known. */
  readonly answers: Array<RemoveUserFromGroupResult | undefined>;
  readonly counts: BulkJobCounts;
  status: BulkRemovalStatus;
  readonly createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The next unit not yet taken by a worker. */
  nextUnit: number;
  /** Workers of this job still running (each may have one unit in flight). */
  workers: number;
  /** Aborted when the job is canceled or the engine closes: a unit waiting out a Retry-After stops waiting. */
  readonly stopped: AbortController;
}

/**
 * Bulk-removal jobs in this process (the default without REDIS_URL, docs/contract.md §8): the same API and
 * rules as on Redis, but a job lives as long as the process and is seen only by it (durable=false;
 * the start banner says so).
 *
 * Units are answered by the UnitRunner the engine on Redis uses too. They reach the provider
 * through its BulkLimiter, the admission removeUsersFromGroup uses, so jobs and synchronous batches
 * share BULK_CONCURRENCY and every Retry-After pause. A job takes at most `concurrency` places in
 * that line at a time, so a 10,000-ref job never queues ahead of a small batch that arrives after
 * it. A unit waits out a pause here, in this process, for as long as it lasts (UPSTREAM_MAX_PAUSE_S
 * at most), unless its job is canceled or the engine closes meanwhile.
 */
export class InProcessBulkJobs implements BulkJobs {
  readonly durable = false;
  private readonly jobs = new Map<string, Job>();
  /** clientJobKeyOf(owner, clientJobId) → job id: the same clientJobId from the same owner returns the same job. */
  private readonly byClientJobId = new Map<string, string>();
  /** The refs of every job in `jobs`, until it is swept (docs/contract.md §8). */
  private readonly held: HeldRefs;
  private readonly runner: UnitRunner;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private closing = false;
  /** Settles when the last worker of every job has stopped; waited for by close(). */
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: InProcessBulkJobsOptions) {
    this.runner = new UnitRunner(options.providers, options.logger, options.runUnit);
    this.now = options.now ?? Date.now;
    this.held = new HeldRefs(options.maxRefsPerCaller, options.maxRefsPerProcess ?? MAX_JOB_REFS_PER_PROCESS);
    // Finished jobs are also dropped when read (sweep on every call); this frees an idle server's memory.
    this.sweeper = setInterval(() => this.sweep(), Math.min(Math.max(options.ttlMs, 1_000), 60_000));
    this.sweeper.unref();
    options.telemetry.countJobsWith(async () => {
      const counts = { QUEUED: 0, RUNNING: 0 };
      for (const job of this.jobs.values()) if (job.status === "QUEUED" || job.status === "RUNNING") counts[job.status] += 1;
      return counts;
    });
  }

  async available(): Promise<boolean> {
    return !this.closing;
  }

  async start(request: StartBulkJob): Promise<BulkJobView> {
    if (this.closing) throw new Error("Bulk-removal jobs are closed: this server is shutting down.");
    this.sweep();
    const replayKey = request.clientJobId === null ? null : clientJobKeyOf(request.owner, request.clientJobId);
    const fingerprint = request.clientJobId === null ? null : requestFingerprintOf(request.provider, request.groupId, request.userRefs);
    const earlier = replayKey === null ? undefined : this.jobs.get(this.byClientJobId.get(replayKey) ?? "");
    if (earlier) {
      assertSameRequest(earlier.fingerprint, fingerprint);
      return this.view(earlier);
    }
    // Before anything is planned or queued: over a cap, nothing is (docs/contract.md §8).
    this.held.hold(request.owner, request.userRefs.length);

    const { units, refused } = planJob(request.provider, request.groupId, request.userRefs);
    const job: Job = {
      id: randomUUID(),
      owner: request.owner,
      clientJobId: request.clientJobId,
      fingerprint,
      provider: request.provider,
      groupId: request.groupId,
      units,
      answers: new Array<RemoveUserFromGroupResult | undefined>(request.userRefs.length),
      counts: emptyCounts(),
      status: "QUEUED",
      createdAt: new Date(this.now()),
      startedAt: null,
      finishedAt: null,
      nextUnit: 0,
      workers: 0,
      stopped: new AbortController(),
    };
    // Refs refused before any call are answered at once (BulkJobs.start).
    for (const { index, result } of refused) this.store(job, result, [index]);
    this.jobs.set(job.id, job);
    if (replayKey !== null) this.byClientJobId.set(replayKey, job.id);
    const view = this.view(job);
    this.options.telemetry.started(view, job.owner);
    // Started on a later turn, so the caller's answer says QUEUED and is sent before any unit runs,
    // and outside the starting request: the job is work of its own (outsideRequest).
    setImmediate(() => outsideRequest(() => this.run(job)));
    return view;
  }

  async get(owner: string, id: string): Promise<BulkJobView | null> {
    const job = this.find(owner, id);
    return job && this.view(job);
  }

  async cancel(owner: string, id: string): Promise<BulkJobView | null> {
    const job = this.find(owner, id);
    if (!job) return null;
    if (job.status === "QUEUED" || job.status === "RUNNING") {
      // Workers look at the status before each unit, so no unit starts after this; a unit already
      // sent still stores its answer when it comes (the provider may have applied it), and only
      // then is the job finished (finishedAt): nothing about it changes after that.
      job.status = "CANCELED";
      job.stopped.abort();
      if (job.workers === 0) this.finish(job);
    }
    return this.view(job);
  }

  async results(owner: string, id: string, first: number, afterIndex: number): Promise<BulkJobResultsPage | null> {
    const job = this.find(owner, id);
    if (!job) return null;
    const items: BulkJobItem[] = [];
    let index = Math.max(afterIndex + 1, 0);
    for (; index < job.answers.length && items.length < first; index += 1) {
      const result = job.answers[index];
      if (result !== undefined) items.push({ index, result });
    }
    let hasNextPage = false;
    for (; index < job.answers.length && !hasNextPage; index += 1) hasNextPage = job.answers[index] !== undefined;
    return { items, hasNextPage };
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    for (const job of this.jobs.values()) job.stopped.abort();
    // Workers stop before their next unit, and units waiting out a pause stop waiting; the units
    // in flight end within their deadline.
    await Promise.all([...this.running]);
  }

  private run(job: Job): void {
    if (job.status !== "QUEUED" || this.closing) return;
    job.status = "RUNNING";
    job.startedAt = new Date(this.now());
    const membership = this.options.providers.get(job.provider);
    const workers = Math.min(membership?.bulk.concurrency ?? 1, job.units.length);
    if (workers === 0) {
      this.finish(job);
      return;
    }
    for (let i = 0; i < workers; i += 1) {
      job.workers += 1;
      const worker = this.work(job).finally(() => {
        this.running.delete(worker);
        job.workers -= 1;
        if (job.workers === 0) this.finish(job);
      });
      this.running.add(worker);
    }
  }

  /** Takes the job's units one after another until none is left, the job is canceled or the engine closes. */
  private async work(job: Job): Promise<void> {
    while (this.mayTakeUnit(job) && job.nextUnit < job.units.length) {
      const unit = job.units[job.nextUnit] as BulkJobUnit;
      job.nextUnit += 1;
      const work = { jobId: job.id, provider: job.provider, groupId: job.groupId, unit, interrupted: false };
      const result = await this.runner.answer(work, () => this.mayTakeUnit(job), job.stopped.signal);
      if (result !== null) this.store(job, result, unit.positions);
    }
  }

  private mayTakeUnit(job: Job): boolean {
    return job.status === "RUNNING" && !this.closing;
  }

  /** The answer goes to every position first, then the counts move (docs/contract.md §8: stored before the next unit). */
  private store(job: Job, result: RemoveUserFromGroupResult, positions: readonly number[]): void {
    for (const index of positions) job.answers[index] = result;
    countAnswer(job.counts, result, positions.length);
    this.options.telemetry.answered(job.provider, result, positions.length);
  }

  /** The last worker stopped (or none was needed): the job is over unless the engine is closing mid-job. */
  private finish(job: Job): void {
    // Closing mid-job leaves it RUNNING: it ends with this process, unfinished (not durable). A
    // unit taken and then dropped (it waited out a pause when the engine closed) has no answer.
    if (job.status === "RUNNING" && job.counts.done < job.answers.length) return;
    if (job.status === "RUNNING") job.status = "COMPLETED";
    job.finishedAt = new Date(this.now());
    this.options.telemetry.finished(this.view(job), job.owner);
  }

  private find(owner: string, id: string): Job | null {
    this.sweep();
    const job = this.jobs.get(id);
    // Another owner's job does not exist for this caller (docs/contract.md §8).
    return job && job.owner === owner ? job : null;
  }

  /** Drops jobs finished longer than the TTL ago, their clientJobId and the refs they held (docs/contract.md §3, §8, BULK_JOB_TTL_HOURS). */
  private sweep(): void {
    const cutoff = this.now() - this.options.ttlMs;
    for (const job of this.jobs.values()) {
      if (job.finishedAt === null || job.finishedAt.getTime() > cutoff || job.workers > 0) continue;
      this.jobs.delete(job.id);
      this.held.release(job.owner, job.answers.length);
      if (job.clientJobId !== null) this.byClientJobId.delete(clientJobKeyOf(job.owner, job.clientJobId));
    }
  }

  private view(job: Job): BulkJobView {
    return {
      id: job.id,
      provider: job.provider,
      groupId: job.groupId,
      status: job.status,
      total: job.answers.length,
      counts: { ...job.counts },
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    };
  }
}
