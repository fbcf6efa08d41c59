import { UserRefKind } from "../../graphql/user-ref-kind.enum";

/** A UserRef with exactly one field, as the providers receive it. */
export type UserKey =
  | { kind: UserRefKind.UUID; uuid: string }
  | { kind: UserRefKind.USERNAME; username: string }
  | { kind: UserRefKind.EMAIL; email: string };
