import { registerEnumType } from "type-graphql";

export enum Provider {
  BLUESHIFT = "BLUESHIFT",
  USERGRID = "USERGRID",
}

registerEnumType(Provider, {
  name: "Provider",
  description: "The REST provider that holds the group.",
  valuesConfig: {
    BLUESHIFT: { description: "Blueshift customer groups (US or EU region)." },
    USERGRID: { description: "Apache Usergrid application groups." },
  },
});
