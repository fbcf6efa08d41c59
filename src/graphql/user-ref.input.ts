import { Directive, Field, InputType } from "type-graphql";
import { EmailAddressResolver, UUIDResolver } from "graphql-scalars";

// type-graphql prints @oneOf but never sets isOneOf, and Federation composition drops it
// (docs/contract.md §12), so the resolver checks "exactly one" itself as well.
@Directive("@oneOf")
@InputType({ description: "Identifies one user. Give exactly one field." })
export class UserRef {
  @Field(() => UUIDResolver, { nullable: true, description: "Blueshift customer UUID or Usergrid user UUID." })
  uuid?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Usergrid username. Blueshift has no usernames: UnsupportedUserRefError.",
  })
  username?: string | null;

  @Field(() => EmailAddressResolver, {
    nullable: true,
    description:
      "Both providers resolve it to the user's UUID first (Blueshift: GET /api/v1/customers?email=; Usergrid: a users query).",
  })
  email?: string | null;
}
