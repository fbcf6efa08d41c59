/**
 * The server's tunables that are not environment variables: each one named, with its value and
 * what it bounds, in one place beside the variables (variables.ts). The files that use them
 * import them from here. This file imports nothing, so anything may import it (tracing and the
 * health check included) without loading the rest of the server.
 */

// --- Each provider's upstream calls (src/http/resilient-policy.ts, src/providers/create-providers.ts)

/** Consecutive failed attempts to one provider that open its circuit. */
export const BREAKER_THRESHOLD = 5;
/** How long an open circuit refuses calls before one probe may go through. */
export const HALF_OPEN_AFTER_MS = 10_000;
/**
 * Concurrent requests to one provider (its bulkhead, and its connection pool's size): 256
 * concurrent callers against a 50 ms upstream are not throttled here, and the pool opens sockets
 * only as load needs them.
 */
export const UPSTREAM_MAX_CONCURRENT = 256;
/** Requests to one provider waiting for a place in its bulkhead; past it they are shed. */
export const UPSTREAM_MAX_QUEUED = 1024;
/** Of the bulkhead's places, the share federation entity reads may take: the other half is always there for removals. */
export const ENTITY_READ_SHARE = 0.5;
/** Full-jitter exponential backoff between attempts: the first wait is drawn from [0, this]. */
export const BACKOFF_BASE_MS = 200;
/** The longest backoff between two attempts. */
export const BACKOFF_CAP_MS = 2_000;
/** How long an idle keep-alive connection to a provider is kept open. */
export const UPSTREAM_KEEP_ALIVE_TIMEOUT_MS = 4_000;

// --- The HTTP server (src/server.ts; docs/contract.md §7, slow or idle clients)

/**
 * A request's headers must arrive within this, and the whole request within REQUEST_TIMEOUT_MS,
 * or Node answers 408 and closes the connection. Node's own defaults (60 s and 300 s) let one
 * stranger hold a connection, and what it sent, for five minutes.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node looks for connections over those timeouts (its default, 30 s, would let a 10 s limit run to 40 s). */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/**
 * Request-body bytes held at once across every connection: 64 bodies at the 1 MB per-request
 * limit, while a removal's body is under 1 KB, so honest traffic never comes near it.
 */
export const REQUEST_BYTES_BUDGET = 64 * 1024 * 1024;
/** 1 MB: removeUsersFromGroup's default cap of 1,000 refs, each up to a 256-character username. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * How long a shutdown waits for in-flight requests before closing their connections: at least
 * this, and always longer than UPSTREAM_DEADLINE_MS, which bounds all the upstream calls of one
 * removal together, so a removal under way ends with its true answer and its audit line rather
 * than a reset connection after the provider has applied it.
 */
export const SHUTDOWN_GRACE_MS = 10_000;
/** What a removal's answer needs after its deadline: mapping the outcome, writing the answer and the audit line. */
export const SHUTDOWN_MARGIN_MS = 2_000;

// --- Callers' tokens (src/auth/verify-caller.ts)

/** jose's own default: at most one fetch of the key set per 30 s, however many unknown `kid`s arrive. */
export const JWKS_COOLDOWN_MS = 30_000;

// --- The shared Redis (REDIS_URL; docs/contract.md §9, §10)

/** How long one command on the shared connection (idempotency, budget) may take: well within a removal's deadline. */
export const SHARED_REDIS_COMMAND_TIMEOUT_MS = 1_000;

// --- Idempotency-Key records (src/idempotency/; docs/contract.md §9)

/**
 * How long a claim holds without renewal. Its owner renews it every third of this while the request
 * runs, however long that is; an instance that crashed stops renewing, and a repeat runs once the
 * lease has passed, rather than meeting IDEMPOTENCY_KEY_IN_USE for as long as the record is kept.
 */
export const IDEMPOTENCY_LEASE_MS = 10_000;
/**
 * Without REDIS_URL, what this process keeps, per caller and in all. A removal's answer is under
 * 1 KB, so a caller's honest day of keys fits well within its share.
 */
export const MEMORY_IDEMPOTENCY_LIMITS = {
  /** Records holding an answer or a ledger that one caller may have: past it, that caller's oldest goes first. */
  recordsPerCaller: 10_000,
  /** The characters of one caller's records together. */
  charsPerCaller: 16 * 1024 * 1024,
  /** Requests with a key one caller may have running at once: past it, its next one is refused (429), nothing evicted. */
  runningPerCaller: 1_000,
  /** The characters of every caller's records together: past it, a new claim is refused (503) until records expire. */
  charsInAll: 64 * 1024 * 1024,
} as const;

// --- Bulk-removal jobs (src/jobs/; docs/contract.md §8)

/** The most refs the jobs of one process may hold at once, every caller's together; BULK_JOB_MAX_REFS_PER_CALLER's upper bound. */
export const MAX_JOB_REFS_PER_PROCESS = 1_000_000;
/** A command on the jobs' own Redis connection fails after this rather than hold a request while Redis does not answer. */
export const JOBS_REDIS_COMMAND_TIMEOUT_MS = 3_000;
/** How long the job engine waits for a first answer from Redis before the server starts without it. */
export const JOBS_REDIS_CONNECT_WAIT_MS = 2_000;
/**
 * How long a shutdown lets job workers finish the units in flight (each within UPSTREAM_DEADLINE_MS)
 * and store their answers before it stops waiting: a Redis lost during shutdown would hold it forever.
 */
export const JOBS_CLOSE_WAIT_MS = 20_000;
/** How long after its creation a job whose units are not all queued is queued by any instance (its start died half-way). */
export const JOB_ENQUEUE_GRACE_MS = 30_000;
/** How often each instance looks for such jobs. */
export const JOB_ENQUEUE_SWEEP_INTERVAL_MS = 30_000;
/** Units per queue write: one MULTI each, so a 10,000-ref job does not build one huge command. */
export const JOB_ENQUEUE_CHUNK = 500;
