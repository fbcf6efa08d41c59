import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Provider } from "./provider.enum";

@Directive('@key(fields: "provider id")')
@ObjectType({ description: "A user (Blueshift customer or Usergrid user) on one provider." })
export class User {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => ID, { description: "The user's UUID." })
  id!: string;

  @Field(() => String, { nullable: true })
  username!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  constructor(provider: Provider, id: string, details: { username?: string | null; email?: string | null } = {}) {
    this.provider = provider;
    this.id = id;
    this.username = details.username ?? null;
    this.email = details.email ?? null;
  }
}
