import { GraphQLError } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ANONYMOUS_OWNER, type BulkJobView } from "../jobs/bulk-jobs";
import { bulkJobsUnavailable, orRefusal } from "./bulk-job-refusals";
import { BulkRemovalItem } from "./bulk-removal-item.type";
import { BulkRemovalJob } from "./bulk-removal-job.type";
import type { BulkRemovalStatus } from "./bulk-removal-status.enum";
import { BulkRemovalResultConnection } from "./bulk-removal-result-connection.type";
import { BulkRemovalResultEdge } from "./bulk-removal-result-edge.type";
import { PageInfo } from "./page-info.type";
import { Provider } from "./provider.enum";
import { RequestContext } from "./request-context";
import { UserRef } from "./user-ref.input";

/** The most results one page serves: a page is built in memory and sent whole. */
export const MAX_RESULTS_PAGE = 1000;
/** clientJobId is kept with the job as a key; longer than any idempotency key a client needs. */
const MAX_CLIENT_JOB_ID_LENGTH = 256;
/** No job id is longer; a longer one cannot name a job, so it is answered null without a lookup. */
const MAX_JOB_ID_LENGTH = 256;
const CURSOR_PREFIX = "BulkRemovalItem:";

@Resolver(() => BulkRemovalJob)
export class BulkRemovalResolver {
  // Declared last to first: type-graphql prints arguments in reverse (docs/contract.md §12), and
  // docs/contract.md §8 reads startBulkRemoval(provider, groupId, userRefs, clientJobId).
  @Mutation(() => BulkRemovalJob, {
    description:
      "Queues the removal of every ref from the group; returns at once. The same clientJobId from the same caller returns the same job. More refs than the server's cap (BULK_JOB_MAX_REFS, default 10000) are refused with a BAD_USER_INPUT error and nothing is queued.",
  })
  async startBulkRemoval(
    @Arg("clientJobId", () => String, { nullable: true }) clientJobId: string | null | undefined,
    @Arg("userRefs", () => [UserRef]) userRefs: UserRef[],
    @Arg("groupId", () => ID) groupId: string,
    @Arg("provider", () => Provider) provider: Provider,
    @Ctx() context: RequestContext,
  ): Promise<BulkRemovalJob> {
    // BULK_JOB_MAX_REFS is checked before this runs, over every startBulkRemoval of the request (withRequestCaps).
    if (clientJobId != null && clientJobId.length > MAX_CLIENT_JOB_ID_LENGTH) {
      throw new GraphQLError(`clientJobId must be at most ${MAX_CLIENT_JOB_ID_LENGTH} characters. Nothing was queued.`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    const { engine } = context.bulkJobs;
    const owner = ownerOf(context);
    // docs/contract.md §8: with the jobs' Redis unreachable nothing is queued, and the caller is told so at the top level.
    if (!(await engine.available())) throw bulkJobsUnavailable();
    // docs/contract.md §8: a clientJobId used before for another request, or refs over what this process may hold, are refused and nothing is queued.
    const view = await orRefusal(engine.start({ owner, provider, groupId, userRefs, clientJobId: clientJobId ?? null }));
    return toJob(view, owner);
  }

  @Mutation(() => BulkRemovalJob, {
    nullable: true,
    description: "Stops a job before its next ref; refs already answered keep their answers. null when there is no such job, or it belongs to another caller.",
  })
  async cancelBulkRemoval(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<BulkRemovalJob | null> {
    if (id.length > MAX_JOB_ID_LENGTH) return null;
    const owner = ownerOf(context);
    return jobOf(await orRefusal(context.bulkJobs.engine.cancel(owner, id)), owner);
  }

  @Query(() => BulkRemovalJob, { nullable: true, description: "null when there is no such job, or it belongs to another caller." })
  async bulkRemoval(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<BulkRemovalJob | null> {
    if (id.length > MAX_JOB_ID_LENGTH) return null;
    const owner = ownerOf(context);
    return jobOf(await orRefusal(context.bulkJobs.engine.get(owner, id)), owner);
  }

  // Declared after, first: printed results(first, after).
  @FieldResolver(() => BulkRemovalResultConnection, {
    description: "In the order of userRefs, the refs answered so far (a running job's too); Relay cursor pagination.",
  })
  async results(
    @Root() job: BulkRemovalJob,
    @Arg("after", () => String, { nullable: true }) after: string | null | undefined,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100 }) first: number | null | undefined,
    @Ctx() context: RequestContext,
  ): Promise<BulkRemovalResultConnection> {
    const size = first ?? 100;
    if (size < 0 || size > MAX_RESULTS_PAGE) {
      throw new GraphQLError(`first must be between 0 and ${MAX_RESULTS_PAGE}; got ${size}. Page through the rest with after.`, {
        extensions: { code: "BAD_USER_INPUT", maxFirst: MAX_RESULTS_PAGE },
      });
    }
    const afterIndex = after == null ? -1 : indexOfCursor(after);
    const page = await orRefusal(context.bulkJobs.engine.results(job.owner, job.id, size, afterIndex));
    // The job expired (BULK_JOB_TTL_HOURS) between its read and this one: nothing left to show.
    if (!page) return new BulkRemovalResultConnection([], new PageInfo(false, null));
    const edges = page.items.map(({ index, result }) => new BulkRemovalResultEdge(cursorOf(index), new BulkRemovalItem(index, result)));
    return new BulkRemovalResultConnection(edges, new PageInfo(page.hasNextPage, edges.at(-1)?.cursor ?? null));
  }
}

/** docs/contract.md §8: a job belongs to the caller's `sub`; with caller auth off, to one anonymous owner. */
function ownerOf(context: RequestContext): string {
  return context.caller?.subject ?? ANONYMOUS_OWNER;
}

function jobOf(view: BulkJobView | null, owner: string): BulkRemovalJob | null {
  return view && toJob(view, owner);
}

/** A job as the engine sees it (src/jobs/bulk-jobs.ts), as the schema shows it. */
function toJob(view: BulkJobView, owner: string): BulkRemovalJob {
  const { done, removed, notMember, failed, unknown } = view.counts;
  return new BulkRemovalJob({
    id: view.id,
    provider: view.provider,
    groupId: view.groupId,
    // The engine's status strings are this enum's values.
    status: view.status as BulkRemovalStatus,
    total: view.total,
    done,
    removed,
    notMember,
    failed,
    unknown,
    createdAt: view.createdAt,
    startedAt: view.startedAt,
    finishedAt: view.finishedAt,
    owner,
  });
}

/** Opaque to clients: a position, encoded so that nothing is built on its form. */
function cursorOf(index: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${index}`).toString("base64url");
}

function indexOfCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const digits = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : "";
  if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) {
    throw new GraphQLError("after is not a cursor of this connection: pass an edge's cursor or pageInfo.endCursor.", {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return Number(digits);
}
