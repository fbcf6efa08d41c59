import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
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

  constructor(job: Readonly<BulkRemovalJob>) {
    this.id = job.id;
    this.provider = job.provider;
    this.groupId = job.groupId;
    this.status = job.status;
    this.total = job.total;
    this.done = job.done;
    this.removed = job.removed;
    this.notMember = job.notMember;
    this.failed = job.failed;
    this.unknown = job.unknown;
    this.createdAt = job.createdAt;
    this.startedAt = job.startedAt;
    this.finishedAt = job.finishedAt;
    this.owner = job.owner;
  }
}
