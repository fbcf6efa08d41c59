import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import type { BulkJobView } from "../jobs/bulk-jobs";
import { BulkRemovalStatus } from "./bulk-removal-status.enum";
import { Provider } from "./provider.enum";
import { BULK_COUNT_DESCRIPTIONS } from "./bulk-count-descriptions";

@ObjectType({
  description:
    "A removal of many users from one group that outlives the request that started it (startBulkRemoval). Seen only by the caller that started it.",
})
export class BulkRemovalJob {
  @Field(() => ID)
  id: string;

  @Field(() => Provider)
  provider: Provider;

  @Field(() => ID)
  groupId: string;

  @Field(() => BulkRemovalStatus)
  status: BulkRemovalStatus;

  @Field(() => Int, { description: "Refs in userRefs, duplicates included." })
  total: number;

  @Field(() => Int, {
    description:
      "Refs answered so far; removed + notMember + failed + unknown. notMember counts MembershipNotFoundError, unknown OutcomeUnknownError, failed every other error.",
  })
  done: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.removed })
  removed: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.notMember })
  notMember: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.failed })
  failed: number;

  @Field(() => Int, { description: BULK_COUNT_DESCRIPTIONS.unknown })
  unknown: number;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the first ref was taken; null while QUEUED." })
  startedAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the job COMPLETED, or, once CANCELED, when the refs in flight at that moment were answered: from then on nothing about the job changes." })
  finishedAt: Date | null;

  /** Whose job this is, for reading its results; never a field: a job's owner is not shown. */
  readonly owner: string;

  constructor(view: BulkJobView, owner: string) {
    this.id = view.id;
    this.provider = view.provider;
    this.groupId = view.groupId;
    // The engine's status strings are this enum's values (src/jobs/bulk-jobs.ts).
    this.status = view.status as BulkRemovalStatus;
    this.total = view.total;
    this.done = view.counts.done;
    this.removed = view.counts.removed;
    this.notMember = view.counts.notMember;
    this.failed = view.counts.failed;
    this.unknown = view.counts.unknown;
    this.createdAt = view.createdAt;
    this.startedAt = view.startedAt;
    this.finishedAt = view.finishedAt;
    this.owner = owner;
  }
}
