/**
 * A bulk-removal job from a file of refs: start it, show its progress while it runs on the
 * server, then print its counts and how to page its answers.
 *
 *   npm start                                    # the facade with its demo data, in another terminal
 *   printf '%s\n' 57fbca61-3eed-43ea-aaa6-c35307296035 mia.member@example.com > refs.txt
 *   npm run example:job -- BLUESHIFT grp_orionretail refs.txt --client-job-id cleanup-2025-01
 *
 * The file holds one ref per line: a UUID, an email, or `username:<name>`. With --client-job-id,
 * running the same command again (after a dropped connection, say) returns the same job instead of
 * starting another: the server keeps that id per caller. FACADE_URL names the server
 * (http://127.0.0.1:4000/ by default) and FACADE_TOKEN the caller's bearer JWT when it checks
 * callers: a job is visible only to the caller that started it.
 *
 * The documents and their types come from bulk-removal-job.graphql via `npm run codegen`.
 */
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { print } from "graphql";
import { execute, type ExecuteOptions } from "./execute";
import {
  BulkRemovalProgressDocument,
  BulkRemovalResultsDocument,
  StartBulkRemovalDocument,
  type BulkRemovalJobProgressFragment,
  type Provider,
  type StartBulkRemovalMutationVariables,
  type UserRef,
} from "./generated/graphql";
import { ProgressBar, type Terminal } from "./progress-bar";
import { parseRefFile } from "./ref-file";

export type JobProgress = BulkRemovalJobProgressFragment;

/** Queues the job and returns it at once (the same job again for a clientJobId this caller used before). */
export async function startBulkRemoval(url: string, variables: StartBulkRemovalMutationVariables, options: ExecuteOptions = {}): Promise<JobProgress> {
  return (await execute(url, StartBulkRemovalDocument, variables, options)).startBulkRemoval;
}

/** The job's status and counts; null when there is no such job for this caller (or it expired). */
export async function bulkRemovalProgress(url: string, id: string, options: ExecuteOptions = {}): Promise<JobProgress | null> {
  return (await execute(url, BulkRemovalProgressDocument, { id }, options)).bulkRemoval ?? null;
}

/** Polls that may fail in a row (a restart, a Redis outage answered SERVICE_UNAVAILABLE) before giving up: the job runs on regardless. */
const MAX_FAILED_POLLS = 10;

export interface WatchOptions extends ExecuteOptions {
  pollIntervalMs: number;
  onProgress(job: JobProgress): void;
  onPollFailed(error: Error, failuresInARow: number): void;
}

/**
 * Polls the job until it no longer changes: COMPLETED, or CANCELED with the refs that were in
 * flight answered (finishedAt is set once either is true).
 */
export async function watchUntilFinished(url: string, job: JobProgress, options: WatchOptions): Promise<JobProgress> {
  let current = job;
  let failures = 0;
  options.onProgress(current);
  while (current.finishedAt == null) {
    await sleep(options.pollIntervalMs);
    let next: JobProgress | null;
    try {
      next = await bulkRemovalProgress(url, current.id, options);
    } catch (error) {
      failures += 1;
      if (failures >= MAX_FAILED_POLLS) throw error;
      options.onPollFailed(error as Error, failures);
      continue;
    }
    failures = 0;
    if (next === null) throw new Error(`Job ${current.id} is gone: it expired, or the server that held it in its memory restarted (set REDIS_URL to keep jobs).`);
    current = next;
    options.onProgress(current);
  }
  return current;
}

const RESULTS_PAGE = 100;

/** The counts, then how to read the answers: the job id and the results query, ready to paste. */
export function describeFinishedJob(job: JobProgress): string {
  const seconds = job.finishedAt == null ? null : (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000;
  return [
    `Job ${job.id} ${job.status}: ${job.done} of ${job.total} refs answered${seconds === null ? "" : ` in ${seconds.toFixed(1)} s`}.`,
    `  removed ${job.removed}, not a member ${job.notMember}, failed ${job.failed}, unknown ${job.unknown}`,
    "",
    `Each ref's answer, in the order of the file (index: its 0-based position among the refs), ${RESULTS_PAGE} a page:`,
    "",
    print(BulkRemovalResultsDocument),
    "",
    `variables: ${JSON.stringify({ id: job.id, first: RESULTS_PAGE })}`,
    "",
    'Then set "after" to pageInfo.endCursor while pageInfo.hasNextPage is true. Refs answered',
    "OutcomeUnknownError, or failed with retryable: true, are safe to send again in a new job. The job",
    "stays readable for BULK_JOB_TTL_HOURS after it finished (a week unless the server sets it).",
  ].join("\n");
}

export interface ExampleIo {
  stdout(text: string): void;
  /** Progress and notes; redrawn in place when interactive. */
  stderr: Terminal;
  env: NodeJS.ProcessEnv;
  pollIntervalMs?: number;
}

const PROVIDERS: readonly Provider[] = ["BLUESHIFT", "USERGRID"];
const USAGE = "usage: npm run example:job -- <BLUESHIFT|USERGRID> <groupId> <file of refs: one UUID, email or username:<name> a line> [--client-job-id <id>]\n";
const POLL_INTERVAL_MS = 500;

/** The command line; resolves to the exit code (2: bad arguments or ref file). */
export async function runExample(argv: readonly string[], io: ExampleIo): Promise<number> {
  let parsed: { positionals: string[]; values: { "client-job-id"?: string } };
  try {
    parsed = parseArgs({ args: [...argv], options: { "client-job-id": { type: "string" } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [provider, groupId, file] = parsed.positionals;
  if (!PROVIDERS.includes(provider as Provider) || !groupId || !file || parsed.positionals.length !== 3) {
    io.stderr.write(USAGE);
    return 2;
  }
  let userRefs: UserRef[];
  try {
    userRefs = parseRefFile(await readFile(file, "utf8"));
  } catch (error) {
    io.stderr.write(`${file}: ${(error as Error).message}\n`);
    return 2;
  }
  if (userRefs.length === 0) {
    io.stderr.write(`${file}: holds no refs\n`);
    return 2;
  }

  const url = io.env.FACADE_URL ?? "http://127.0.0.1:4000/";
  const auth: ExecuteOptions = io.env.FACADE_TOKEN ? { token: io.env.FACADE_TOKEN } : {};
  const clientJobId = parsed.values["client-job-id"] ?? null;
  let started: JobProgress;
  try {
    started = await startBulkRemoval(url, { provider: provider as Provider, groupId, userRefs, clientJobId }, auth);
  } catch (error) {
    // The job may have been queued before the answer was lost: only a clientJobId makes a retry safe.
    const retry = clientJobId === null ? "Pass --client-job-id <id> to make a retry return the job a lost answer started." : "Run it again with the same --client-job-id: the server returns the job if it was queued.";
    throw new Error(`${(error as Error).message}\n${retry}`);
  }
  const bar = new ProgressBar(io.stderr);
  bar.note(`Job ${started.id}: ${started.total} refs to ${provider} group ${groupId}${clientJobId === null ? "" : ` (client job id ${clientJobId})`}`);
  const finished = await watchUntilFinished(url, started, {
    ...auth,
    pollIntervalMs: io.pollIntervalMs ?? POLL_INTERVAL_MS,
    onProgress: (job) => bar.show(job),
    onPollFailed: (error, failures) => bar.note(`Could not read the job (${failures} of ${MAX_FAILED_POLLS} tries): ${error.message}; it runs on, trying again.`),
  });
  bar.end();
  io.stdout(`${describeFinishedJob(finished)}\n`);
  return 0;
}

if (require.main === module) {
  runExample(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: { write: (text) => process.stderr.write(text), interactive: process.stderr.isTTY === true },
    env: process.env,
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
