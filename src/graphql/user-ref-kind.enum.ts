import { registerEnumType } from "type-graphql";

export enum UserRefKind {
  UUID = "UUID",
  USERNAME = "USERNAME",
  EMAIL = "EMAIL",
}

registerEnumType(UserRefKind, {
  name: "UserRefKind",
  description: "A field of UserRef, as a provider accepts it.",
});
