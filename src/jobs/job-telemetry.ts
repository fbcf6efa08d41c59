import type { Provider } from "../graphql/provider.enum";
import type { RemoveUserFromGroupResult } from "../graphql/remove-user-from-group-result.union";
import type { Logger } from "../log/logger";
import { MAX_GROUP_ID_LENGTH } from "../removal/removal-input";
import type { Metrics } from "../telemetry/metrics";
import type { BulkJobView } from "./bulk-jobs";

/**
 * What operators see of bulk-removal jobs, the same whichever engine runs them (the README's
 * Operations section): jobs queued and running, refs answered by result (their rate is refs per second),
 * and one log line per finished job.
 */
export class JobTelemetry {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** The engine's own count of its QUEUED and RUNNING jobs, read at each scrape of /metrics. */
  countJobsWith(count: () => Promise<Record<"QUEUED" | "RUNNING", number>>): void {
    this.metrics.jobCounts = count;
  }

  /** A new job was queued (not a clientJobId replay). */
  /**
   * A job was accepted: counted, and logged within the request that started it, so that its
   * request_id and trace_id lead to the job's id; the job's own work runs in traces of its own.
   */
  started(job: BulkJobView, owner: string): void {
    this.metrics.bulkJobsStarted.inc({ provider: job.provider });
    this.logger.info({ jobId: job.id, provider: job.provider, groupId: job.groupId.slice(0, MAX_GROUP_ID_LENGTH), total: job.total, owner }, "bulk removal job started");
  }

  /** One answer stored, at each of its `positions` (a user named twice is answered twice). */
  answered(provider: Provider, result: RemoveUserFromGroupResult, positions: number): void {
    this.metrics.bulkJobRefs.inc({ provider, result: result.constructor.name }, positions);
  }

  /** The job ended (COMPLETED, or CANCELED once the units in flight came back): one line with its counts. */
  finished(job: BulkJobView, owner: string): void {
    this.metrics.bulkJobsFinished.inc({ provider: job.provider, status: job.status });
    const end = job.finishedAt ?? new Date();
    this.logger.info(
      {
        jobId: job.id,
        provider: job.provider,
        // Capped: a refused groupId may be any length, and each ref of it was answered InvalidInputError.
        groupId: job.groupId.slice(0, MAX_GROUP_ID_LENGTH),
        status: job.status,
        total: job.total,
        ...job.counts,
        durationMs: Math.max(0, end.getTime() - (job.startedAt ?? job.createdAt).getTime()),
        owner,
      },
      "bulk removal job finished",
    );
  }
}
