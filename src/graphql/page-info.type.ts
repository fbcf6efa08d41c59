import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Relay cursor pagination: where a page ends and whether more follows." })
export class PageInfo {
  @Field(() => Boolean, { description: "More answered positions follow this page (a running job may answer more later)." })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null when the page is empty." })
  endCursor: string | null;

  constructor(hasNextPage: boolean, endCursor: string | null) {
    this.hasNextPage = hasNextPage;
    this.endCursor = endCursor;
  }
}
