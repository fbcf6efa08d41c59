import { CircuitState } from "cockatiel";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The server's Prometheus metrics, in a registry of its own (never prom-client's global one, so
 * that two servers in one process, as in tests, do not share counters). Built once at start.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly upstreamDuration = new Histogram({
    name: "upstream_request_duration_seconds",
    help: "Upstream attempts by provider, route template and status class (2xx…5xx, or the failure code when no response came)",
    labelNames: ["provider", "route", "status_class"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: "upstream_retries_total",
    help: "Upstream attempts that were followed by another attempt of the same call",
    labelNames: ["provider", "route"] as const,
    registers: [this.registry],
  });

  readonly circuitState = new Gauge({
    name: "upstream_circuit_state",
    help: "Each provider's circuit breaker (cockatiel's CircuitState): 0 closed, 1 open, 2 half-open (one probe allowed), 3 isolated",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });

  readonly tokenRefreshes = new Counter({
    name: "upstream_token_refreshes_total",
    help: "Access tokens this server fetched for a provider (Usergrid's client_credentials grant)",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });

  readonly removalResults = new Counter({
    name: "membership_removal_results_total",
    help: "Removals answered, by provider and result __typename",
    labelNames: ["provider", "result"] as const,
    registers: [this.registry],
  });

  readonly graphqlRequests = new Counter({
    name: "graphql_requests_total",
    help: "GraphQL requests answered, by lane: fast (a prepared document run directly on graphql-js) or apollo (Apollo Server's whole pipeline)",
    labelNames: ["lane"] as const,
    registers: [this.registry],
  });

  /**
   * Observed where the `graphql request` line is written (RequestLog), so the fast lane and Apollo
   * Server's path count alike. Both labels are bounded sets (request-duration-labels.ts), never
   * what a caller wrote.
   */
  readonly graphqlRequestDuration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "GraphQL requests, from the operation's start to its answer, by operation (a name this project ships, anonymous or other) and result (a single removal's __typename, several_removals, error or no_removal)",
    labelNames: ["operation", "result"] as const,
    // A removal is one to three upstream calls; its deadline (UPSTREAM_DEADLINE_MS) is 8 s by default.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly callerVerifications = new Counter({
    name: "caller_verifications_total",
    help: "Bearer tokens checked, one per request that needs a caller: accepted, or the reason it was refused (missing, expired, bad-signature, ...)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  readonly documentsParsed = new Counter({
    name: "graphql_documents_parsed_total",
    help: "GraphQL documents parsed (and then validated), by lane; a document either lane has prepared before is not parsed again",
    labelNames: ["lane"] as const,
    registers: [this.registry],
  });

  readonly requestsRefused = new Counter({
    name: "http_requests_refused_total",
    help: "Requests refused before any operation ran, by code: the document's size, a persisted query's hash, the request-bytes budget, an Idempotency-Key malformed, reused or in use (callers refused are counted by caller_verifications_total)",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly requestBytesHeld = new Gauge({
    name: "http_request_bytes_held",
    help: "Request-body bytes received and held now, across every connection (bounded by the request-bytes budget)",
    registers: [this.registry],
  });

  /**
   * Bulk-removal jobs waiting and running, as the job engine counts them at each scrape (this
   * process's jobs in-process; every instance's with REDIS_URL, so sum() over instances overcounts
   * there: read one). Set by the engine through JobTelemetry.countJobsWith.
   */
  readonly bulkJobs = new Gauge({
    name: "bulk_removal_jobs",
    help: "Bulk-removal jobs by status (QUEUED, RUNNING), as the job engine counts them at scrape time",
    labelNames: ["status"] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.jobCounts) return;
      try {
        const counts = await this.jobCounts();
        for (const [status, count] of Object.entries(counts)) this.bulkJobs.set({ status }, count);
      } catch {
        // Redis unreachable: no count rather than a stale one, and every other metric still
        // answers. An outage is when /metrics is needed most (shared_redis_up says so).
        this.bulkJobs.reset();
      }
    },
  });

  /** Where bulk_removal_jobs reads its counts; null until a job engine is built. */
  jobCounts: (() => Promise<Record<"QUEUED" | "RUNNING", number>>) | null = null;

  readonly bulkJobsStarted = new Counter({
    name: "bulk_removal_jobs_started_total",
    help: "Bulk-removal jobs queued (startBulkRemoval that made a new job), by provider",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });

  readonly bulkJobsFinished = new Counter({
    name: "bulk_removal_jobs_finished_total",
    help: "Bulk-removal jobs that ended, by provider and status (COMPLETED, CANCELED)",
    labelNames: ["provider", "status"] as const,
    registers: [this.registry],
  });

  readonly bulkJobRefs = new Counter({
    name: "bulk_removal_job_refs_total",
    help: "Refs of bulk-removal jobs answered, by provider and result __typename; its rate is the jobs' refs per second",
    labelNames: ["provider", "result"] as const,
    registers: [this.registry],
  });

  readonly sharedRedisUp = new Gauge({
    name: "shared_redis_up",
    help: "1 while the Redis shared by every instance (REDIS_URL: idempotency records, the upstream budget) is reachable, 0 while each instance keeps to its own limits and Idempotency-Key requests are refused",
    registers: [this.registry],
  });

  readonly idempotentRequests = new Counter({
    name: "idempotent_requests_total",
    help: "Requests that carried an Idempotency-Key, by outcome: run (first answer, stored), replayed, reused (422), in_use (409), unavailable (503: the store could not be reached)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  readonly upstreamBudget = new Counter({
    name: "upstream_budget_total",
    help: "Upstream attempts checked against the provider's request budget (*_MAX_RPS and Retry-After pauses; counted only where one applies), by provider, outcome (sent; waited, then sent; refused: not sent, no room before the removal's deadline) and budget: shared (the fleet's, on REDIS_URL) or local (this instance's own: no REDIS_URL, or Redis unreachable)",
    labelNames: ["provider", "outcome", "budget"] as const,
    registers: [this.registry],
  });

  /**
   * `processMetrics`: Node's own (heap, event loop, GC, CPU). Wanted once per process: each call
   * starts an event-loop monitor that is never stopped, so a test that builds many servers leaves it off.
   */
  constructor(options: { processMetrics: boolean }) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Ready unless every provider's circuit is open: then no removal can succeed now. */
  async anyCircuitUsable(): Promise<boolean> {
    const { values } = await this.circuitState.get();
    return values.length === 0 || values.some((v) => v.value !== CircuitState.Open && v.value !== CircuitState.Isolated);
  }
}
