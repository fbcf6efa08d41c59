import { JobRefsCapError } from "./job-refs-cap.error";

/**
 * The refs held by the jobs of this process, by owner, against two caps (docs/contract.md §8):
 * BULK_JOB_MAX_REFS_PER_CALLER for one owner and MAX_JOB_REFS_PER_PROCESS for all. A job holds its
 * refs, and their answers, from its start until it expires, BULK_JOB_TTL_HOURS after it ends; 80
 * jobs of 10,000 refs took the process from 140 to 407 MiB for a week.
 */
export class HeldRefs {
  private readonly byOwner = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perCaller: number,
    private readonly perProcess: number,
  ) {}

  /** Counts `refs` more for `owner`; over either cap it throws JobRefsCapError and counts nothing. */
  hold(owner: string, refs: number): void {
    const owned = this.byOwner.get(owner) ?? 0;
    if (owned + refs > this.perCaller) {
      throw new JobRefsCapError(
        this.perCaller,
        `This job's ${refs} refs would bring the refs your bulk-removal jobs hold on this server to ${owned + refs}; at most ${this.perCaller} are held per caller (BULK_JOB_MAX_REFS_PER_CALLER), counting unfinished jobs and finished ones until they expire (BULK_JOB_TTL_HOURS). Nothing was queued.`,
      );
    }
    // Other callers' holdings are not told: only the cap.
    if (this.total + refs > this.perProcess) {
      throw new JobRefsCapError(
        this.perProcess,
        `This job's ${refs} refs would bring the refs held by the bulk-removal jobs of this server over its cap of ${this.perProcess} per process (jobs here live in memory, without REDIS_URL), counting unfinished jobs and finished ones until they expire (BULK_JOB_TTL_HOURS). Nothing was queued; try again later.`,
      );
    }
    this.byOwner.set(owner, owned + refs);
    this.total += refs;
  }

  /** The job of `owner` that held `refs` is gone. */
  release(owner: string, refs: number): void {
    const left = (this.byOwner.get(owner) ?? 0) - refs;
    if (left > 0) this.byOwner.set(owner, left);
    else this.byOwner.delete(owner);
    this.total = Math.max(0, this.total - refs);
  }
}
