import { Field, ObjectType } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { Group } from "./group.type";
import { Provider } from "./provider.enum";
import { User } from "./user.type";

@ObjectType({ description: "The provider confirmed that the user left the group." })
export class MembershipRemoval {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => Group)
  group!: Group;

  @Field(() => User)
  user!: User;

  @Field(() => DateTimeResolver, { description: "When the provider confirmed the removal (server clock)." })
  removedAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: "The provider's request id (x-request-id or equivalent), for support.",
  })
  upstreamRequestId!: string | null;

  constructor(fields: { group: Group; user: User; removedAt: Date; upstreamRequestId: string | null }) {
    this.provider = fields.group.provider;
    this.group = fields.group;
    this.user = fields.user;
    this.removedAt = fields.removedAt;
    this.upstreamRequestId = fields.upstreamRequestId;
  }
}
