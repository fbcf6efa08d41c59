import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Provider } from "./provider.enum";

@Directive('@key(fields: "provider id")')
@ObjectType({ description: "A group on one provider." })
export class Group {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => ID, {
    description:
      "The provider's canonical id: Blueshift group_id (not its uuid); Usergrid group UUID where the response reveals it.",
  })
  id!: string;

  constructor(provider: Provider, id: string) {
    this.provider = provider;
    this.id = id;
  }
}
