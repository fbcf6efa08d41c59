import { Field, ObjectType } from "type-graphql";
import { Provider } from "./provider.enum";
import { UserRefKind } from "./user-ref-kind.enum";

@ObjectType({ description: "What a provider is and accepts, for clients that build forms." })
export class ProviderInfo {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => Boolean)
  configured!: boolean;

  @Field(() => String, { description: "SIMULATOR when the bundled simulator serves it, else the real base URL's host." })
  endpoint!: string;

  @Field(() => [UserRefKind])
  supportedUserRefs!: UserRefKind[];

  constructor(fields: ProviderInfo) {
    Object.assign(this, fields);
  }
}
