import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { BulkJobsUnavailableError } from "../jobs/bulk-jobs";
import { ClientJobIdReusedError } from "../jobs/client-job-id-reused.error";
import { JobRefsCapError } from "../jobs/job-refs-cap.error";

/**
 * What the job engines refuse, as the top-level errors docs/contract.md §8 names: the engines
 * speak in their own error classes and know nothing of GraphQL.
 */

/**
 * The jobs' store is out of reach: the server's state, not the request's fault, so a 503 that
 * invites a retry, with the code docs/contract.md §8 gives it.
 */
export function bulkJobsUnavailable(): GraphQLError {
  return new GraphQLError("Bulk-removal jobs are unavailable: this server cannot reach the store they live in. Nothing was queued or changed; try again shortly. Single removals are unaffected.", {
    extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503, headers: new HeaderMap([["retry-after", "5"]]) } },
  });
}

/**
 * The request is refused, not answered with the earlier job: that job's status and counts are not
 * this request's. No HTTP status of its own: other fields of the same operation may have run.
 */
function clientJobIdReused(): GraphQLError {
  return new GraphQLError(
    "This clientJobId already names one of your jobs, started with another provider, group or list of refs. Nothing was queued. Use a new clientJobId for a new job; the first request, sent unchanged, still returns its job.",
    { extensions: { code: "CLIENT_JOB_ID_REUSED" } },
  );
}

function tooManyHeldRefs(error: JobRefsCapError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", maxRefs: error.maxRefs } });
}

/** The engine's answer, or its refusal as the top-level error docs/contract.md §8 gives it; anything else is a defect and goes on as one. */
export async function orRefusal<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof BulkJobsUnavailableError) throw bulkJobsUnavailable();
    if (error instanceof ClientJobIdReusedError) throw clientJobIdReused();
    if (error instanceof JobRefsCapError) throw tooManyHeldRefs(error);
    throw error;
  }
}
