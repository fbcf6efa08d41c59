import { Ctx, Query, Resolver } from "type-graphql";
import { ProviderInfo } from "./provider-info.type";
import { RequestContext } from "./request-context";

@Resolver()
export class ProvidersResolver {
  @Query(() => [ProviderInfo], { description: "What each provider is and accepts, for clients that build forms." })
  providers(@Ctx() context: RequestContext): ProviderInfo[] {
    return [...context.providers.values()].map((p) => p.describe());
  }
}
