import { Field, ObjectType } from "type-graphql";
import { BulkRemovalResultEdge } from "./bulk-removal-result-edge.type";
import { PageInfo } from "./page-info.type";

@ObjectType({ description: "A page of a job's answered positions, in the order of userRefs." })
export class BulkRemovalResultConnection {
  @Field(() => [BulkRemovalResultEdge])
  edges: BulkRemovalResultEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  constructor(edges: BulkRemovalResultEdge[], pageInfo: PageInfo) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }
}
