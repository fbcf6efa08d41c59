import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import { Provider } from "../../graphql/provider.enum";

/**
 * Names that end a group path in Usergrid's routing: a group whose path contains one of them is
 * reachable only by UUID (usergrid.md §1, AbstractPathBasedCollectionService).
 */
const COLLECTION_NAMES = new Set(["users", "roles", "feed", "activities"]);

/**
 * A Usergrid group path (`a/b` is hierarchical) or UUID, as path segments ready to send: split on
 * "/", each segment percent-encoded, empty, "." and ".." refused (CONTRACT §2, path safety).
 */
export function encodeGroupPath(groupId: string): string | InvalidInputError {
  const segments = groupId.split("/");
  for (const segment of segments) {
    const refuse = (why: string) =>
      new InvalidInputError({ provider: Provider.USERGRID, field: "groupId", message: `Usergrid group path "${groupId}" ${why}.` });
    if (segment === "") return refuse("has an empty segment");
    if (segment === "." || segment === "..") return refuse(`has a "${segment}" segment`);
    if (COLLECTION_NAMES.has(segment.toLowerCase())) {
      return refuse(`has a segment named "${segment}", which Usergrid reads as a collection: address this group by its UUID`);
    }
  }
  return segments.map(encodeURIComponent).join("/");
}
