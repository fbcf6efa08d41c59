import { Field, ObjectType } from "type-graphql";
import { BulkRemovalItem } from "./bulk-removal-item.type";

@ObjectType({ description: "An answered position and its cursor." })
export class BulkRemovalResultEdge {
  @Field(() => String, { description: "Opaque; pass as `after` to read the positions after this one." })
  cursor: string;

  @Field(() => BulkRemovalItem)
  node: BulkRemovalItem;

  constructor(cursor: string, node: BulkRemovalItem) {
    this.cursor = cursor;
    this.node = node;
  }
}
